import {
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  DeleteLaunchTemplateCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { isAwsError } from '../aws/errors.js';
import { findInstanceGroup, findLaunchTemplate } from '../aws/find-owned-capacity.js';
import { stackNames } from '../aws/names.js';
import { retryWhile } from '../aws/retry.js';
import { hasStackTag, stackTags } from '../aws/tags.js';
import { claimFound } from './capacity-own.js';
import type { RecordResource, ResourceTeardownOutcome, StepDeps } from './types.js';

/** SSM's public parameter with the recommended ECS-optimized Amazon Linux 2023 AMI for an architecture. */
export function amiParameter(architecture: 'x86_64' | 'arm64'): string {
  return architecture === 'arm64'
    ? '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id'
    : '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id';
}

/** The AMI id AWS recommends today for ECS on this architecture. */
export async function recommendedAmi(deps: StepDeps, architecture: 'x86_64' | 'arm64'): Promise<string> {
  const Name = amiParameter(architecture);
  try {
    const out = await deps.clients.ssm.send(new GetParameterCommand({ Name }), { abortSignal: deps.signal });
    const value = out.Parameter?.Value;
    if (!value) throw new Error(`SSM parameter ${Name} has no value`);
    return value;
  } catch (error) {
    if (isAwsError(error, 'ParameterNotFound'))
      throw new Error(
        `no ECS-optimized Amazon Linux 2023 AMI for ${architecture} in ${deps.clients.region} (SSM parameter ${Name} not found)`,
        { cause: error },
      );
    throw new Error(`read the ECS-optimized AMI id (ssm get-parameter ${Name})`, { cause: error });
  }
}

/**
 * The instances' user data: the agent's cluster and the dynamic host port range the security
 * group's rule allows (ECS_DYNAMIC_HOST_PORT_RANGE, agent 1.70+), so the two cannot disagree.
 */
export function userData(cluster: string, hostPortRange: string): string {
  return [
    '#!/bin/bash',
    'cat >> /etc/ecs/ecs.config <<EOF',
    `ECS_CLUSTER=${cluster}`,
    `ECS_DYNAMIC_HOST_PORT_RANGE=${hostPortRange}`,
    'EOF',
    '',
  ].join('\n');
}

/**
 * The instances' security group `<stack>-instances-sg`: no inbound rule (the security-groups step
 * adds the one from the load balancer's group), all outbound (EC2's default egress rule).
 */
export async function ensureInstanceGroup(deps: StepDeps, vpcId: string, record: RecordResource): Promise<string> {
  const name = stackNames(deps.stack).instanceSecurityGroup;
  const find = () => findInstanceGroup({ clients: deps.clients, stack: deps.stack, signal: deps.signal }, vpcId);
  const existing = claimFound(await find(), deps.stack, 'security group');
  let groupId = existing?.id;
  if (!groupId) {
    try {
      const out = await deps.clients.ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: name,
          Description: `ecs-alb-wizard ${deps.stack}: ECS container instances`,
          VpcId: vpcId,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: stackTags(deps.stack) }],
        }),
        { abortSignal: deps.signal },
      );
      groupId = out.GroupId;
    } catch (error) {
      if (!isAwsError(error, 'InvalidGroup.Duplicate')) throw error;
      groupId = claimFound(await find(), deps.stack, 'security group')?.id;
    }
  }
  if (!groupId) throw new Error(`CreateSecurityGroup ${name} returned no id`);
  record(
    { kind: 'security-group', id: groupId, label: `${groupId} (${name})`, details: { vpcId } },
    existing !== undefined,
  );
  return groupId;
}

export type TemplateInput = {
  imageId: string;
  instanceType: string;
  instanceProfileName: string;
  securityGroupId: string;
  cluster: string;
  hostPortRange: string;
};

/** The launch template `<stack>-lt`; returns its id. */
export async function ensureLaunchTemplate(
  deps: StepDeps,
  input: TemplateInput,
  record: RecordResource,
): Promise<string> {
  const name = stackNames(deps.stack).launchTemplate;
  const find = () => findLaunchTemplate({ clients: deps.clients, stack: deps.stack, signal: deps.signal });
  const existing = claimFound(await find(), deps.stack, 'launch template');
  let id = existing?.id;
  if (!id) {
    const tags = stackTags(deps.stack);
    try {
      const out = await deps.clients.ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          VersionDescription: `ecs-alb-wizard ${deps.stack}`,
          LaunchTemplateData: {
            ImageId: input.imageId,
            InstanceType: input.instanceType as never,
            IamInstanceProfile: { Name: input.instanceProfileName },
            SecurityGroupIds: [input.securityGroupId],
            // IMDSv2 only; hop limit 2 so the agent's bridge-mode containers can still reach it.
            MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2, HttpEndpoint: 'enabled' },
            UserData: Buffer.from(userData(input.cluster, input.hostPortRange)).toString('base64'),
            TagSpecifications: [
              { ResourceType: 'instance', Tags: [...tags, { Key: 'Name', Value: `${deps.stack}-ecs-instance` }] },
              { ResourceType: 'volume', Tags: tags },
            ],
          },
          TagSpecifications: [{ ResourceType: 'launch-template', Tags: tags }],
        }),
        { abortSignal: deps.signal },
      );
      id = out.LaunchTemplate?.LaunchTemplateId;
    } catch (error) {
      if (!isAwsError(error, 'InvalidLaunchTemplateName.AlreadyExistsException')) throw error;
      id = claimFound(await find(), deps.stack, 'launch template')?.id;
    }
  }
  if (!id) throw new Error(`CreateLaunchTemplate ${name} returned no id`);
  record({ kind: 'launch-template', id, label: `${name} (${id})` }, existing !== undefined);
  return id;
}

/** Deletes the launch template when it is the stack's. */
export async function deleteLaunchTemplate(id: string, deps: StepDeps): Promise<ResourceTeardownOutcome> {
  try {
    const found = await findLaunchTemplate({ clients: deps.clients, stack: deps.stack, signal: deps.signal });
    if (!found || found.id !== id) return 'already-gone';
    if (found.taggedFor !== deps.stack) return 'not-ours';
    await deps.clients.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }), {
      abortSignal: deps.signal,
    });
    return 'deleted';
  } catch (error) {
    if (isAwsError(error, 'InvalidLaunchTemplateId.NotFound', 'InvalidLaunchTemplateName.NotFoundException'))
      return 'already-gone';
    throw new Error(`delete launch template ${id}`, { cause: error });
  }
}

/** Deletes the instances' group when it is the stack's, retrying while terminated instances still hold it. */
export async function deleteInstanceGroup(groupId: string, deps: StepDeps): Promise<ResourceTeardownOutcome> {
  try {
    const out = await deps.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), {
      abortSignal: deps.signal,
    });
    const group = out.SecurityGroups?.[0];
    if (!group) return 'already-gone';
    if (!hasStackTag(group.Tags, deps.stack)) return 'not-ours';
    await retryWhile(
      `security group ${groupId} to be deletable`,
      ['DependencyViolation'],
      () => deps.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }), { abortSignal: deps.signal }),
      deps,
      `network interfaces of the terminated instances, or another group's rule, still reference it; see aws ec2 describe-network-interfaces --filters Name=group-id,Values=${groupId}`,
      (attempt) =>
        deps.emit({
          type: 'log',
          step: 'capacity',
          message: `security group ${groupId} still in use (DependencyViolation), retry ${attempt}`,
        }),
    );
    return 'deleted';
  } catch (error) {
    if (isAwsError(error, 'InvalidGroup.NotFound', 'InvalidGroupId.NotFound')) return 'already-gone';
    throw new Error(`delete security group ${groupId}`, { cause: error });
  }
}
