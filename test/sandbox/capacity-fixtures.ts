import { CreateAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateSecurityGroupCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
} from '@aws-sdk/client-iam';
import type { BootedInstance, EcsAgents, EcsContext, EcsService } from '../../source/sandbox/contracts.js';
import { createEcs } from '../../source/sandbox/ecs/index.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import type { TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from './fixtures.js';

export const ECS_INSTANCE_POLICY = 'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role';
export const SSM_CORE_POLICY = 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore';

/** The user data a launch template for ECS writes (a shell script), base64. */
export function ecsUserData(cluster: string, hostPortRange = '32768-65535'): string {
  const script = [
    '#!/bin/bash',
    `echo ECS_CLUSTER=${cluster} >> /etc/ecs/ecs.config`,
    `echo ECS_DYNAMIC_HOST_PORT_RANGE=${hostPortRange} >> /etc/ecs/ecs.config`,
  ].join('\n');
  return Buffer.from(script).toString('base64');
}

/** ECS agents that record what registers and accept only the clusters in `clusters`. */
export class FakeAgents implements EcsAgents {
  readonly registered: BootedInstance[] = [];
  readonly attempts: string[] = [];
  readonly terminated: string[] = [];
  constructor(readonly clusters = new Set<string>(['demo-cluster'])) {}
  register(instance: BootedInstance): boolean {
    this.attempts.push(instance.id);
    if (!this.clusters.has(instance.cluster)) return false;
    if (!this.registered.some((i) => i.id === instance.id)) this.registered.push(instance);
    return true;
  }
  instanceTerminated(id: string): void {
    this.terminated.push(id);
  }
}

/** The real ECS part with `agents` swapped for a fake (the sandbox's seam for tests). */
export function withAgents(agents: EcsAgents): (ctx: EcsContext) => EcsService {
  return (ctx) => ({ ...createEcs(ctx), agents });
}

/** The role, instance profile (holding it) and instance security group of stack `name`. */
export async function createInstanceIdentity(t: TestSandbox, name = 'demo') {
  await t.iam.send(
    new CreateRoleCommand({
      RoleName: `${name}-ecs-instance`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      Tags: [{ Key: 'ecs-alb-wizard:stack', Value: name }],
    }),
  );
  for (const arn of [ECS_INSTANCE_POLICY, SSM_CORE_POLICY])
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: `${name}-ecs-instance`, PolicyArn: arn }));
  await t.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: `${name}-ecs-instance` }));
  await t.iam.send(
    new AddRoleToInstanceProfileCommand({
      InstanceProfileName: `${name}-ecs-instance`,
      RoleName: `${name}-ecs-instance`,
    }),
  );
  const group = await t.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: `${name}-instances-sg`, Description: 'instances', VpcId: seed.vpcId }),
  );
  return { profileName: `${name}-ecs-instance`, groupId: group.GroupId ?? '' };
}

/** A launch template as the wizard writes it, for `cluster` on `instanceType`. */
export async function createTemplate(
  t: TestSandbox,
  options: {
    name?: string;
    cluster?: string;
    instanceType?: string;
    arch?: 'x86_64' | 'arm64';
    profileName: string;
    groupId: string;
  },
) {
  const out = await t.ec2.send(
    new CreateLaunchTemplateCommand({
      LaunchTemplateName: `${options.name ?? 'demo'}-lt`,
      TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }] }],
      LaunchTemplateData: {
        ImageId: seed.ecsAmis[options.arch ?? 'x86_64'].id,
        InstanceType: (options.instanceType ?? 't3.small') as 't3.small',
        IamInstanceProfile: { Name: options.profileName },
        SecurityGroupIds: [options.groupId],
        MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
        UserData: ecsUserData(options.cluster ?? 'demo-cluster'),
        TagSpecifications: [
          { ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'demo ECS instance' }] },
          { ResourceType: 'volume', Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }] },
        ],
      },
    }),
  );
  return out.LaunchTemplate?.LaunchTemplateId ?? '';
}

/** Creates the group, retrying the profile-propagation refusal as a caller must (bounded). */
export async function createGroup(
  t: TestSandbox,
  templateName: string,
  size = 2,
  name = 'demo-asg',
  subnets = seed.subnets.map((s) => s.id).join(','),
) {
  await waitFor('the instance profile to propagate', async () => {
    try {
      await t.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          LaunchTemplate: { LaunchTemplateName: templateName, Version: '$Latest' },
          MinSize: 0,
          MaxSize: size,
          DesiredCapacity: size,
          VPCZoneIdentifier: subnets,
          NewInstancesProtectedFromScaleIn: true,
          Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'demo', PropagateAtLaunch: true }],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof Error && /Invalid IAM Instance Profile/.test(error.message)) return false;
      throw error;
    }
  });
}

/** The group's instance ids (not terminated) once there are `count`. */
export async function groupInstances(t: TestSandbox, count: number, name = 'demo-asg'): Promise<string[]> {
  return waitFor(`${count} instances in ${name}`, async () => {
    const out = await t.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
    const ids = (out.AutoScalingGroups?.[0]?.Instances ?? []).map((i) => i.InstanceId ?? '');
    return ids.length === count && ids;
  });
}

/** EC2 states by instance id. */
export async function ec2States(t: TestSandbox, ids: string[]): Promise<Record<string, string>> {
  const out = await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
  return Object.fromEntries(
    (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId ?? '', i.State?.Name ?? '']),
  );
}
