import type {
  CreateSecurityGroupRequest,
  CreateSecurityGroupResult,
  DeleteSecurityGroupRequest,
  DescribeSecurityGroupsRequest,
  DescribeSecurityGroupsResult,
  SecurityGroup as SdkSecurityGroup,
} from '@aws-sdk/client-ec2';
import { instanceState } from './fleet.js';
import { SandboxError } from '../contracts.js';
import { ec2Id } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { SecurityGroup } from '../world.js';
import { applyFilters, tagsFor } from './filters.js';
import { toIpPermissions } from './sg-rules-shape.js';

/** `InvalidGroup.NotFound` as EC2 words it. */
export function groupNotFound(id: string): SandboxError {
  return new SandboxError('InvalidGroup.NotFound', `The security group '${id}' does not exist`);
}

/** The group with this id, or EC2's NotFound error. */
export function findGroup(rt: Runtime, id: string | undefined): SecurityGroup {
  const group = rt.world.ec2.securityGroups.find((g) => g.id === id);
  if (!group) throw groupNotFound(id ?? '');
  return group;
}

function toSdk(rt: Runtime, group: SecurityGroup): SdkSecurityGroup {
  const rules = rt.world.ec2.rules.filter((r) => r.groupId === group.id);
  return {
    GroupId: group.id,
    GroupName: group.name,
    Description: group.description,
    OwnerId: rt.accountId,
    VpcId: group.vpcId,
    IpPermissions: toIpPermissions(
      rules.filter((r) => !r.egress),
      rt.accountId,
      group.vpcId,
    ),
    IpPermissionsEgress: toIpPermissions(
      rules.filter((r) => r.egress),
      rt.accountId,
      group.vpcId,
    ),
    Tags: group.tags,
    SecurityGroupArn: `arn:aws:ec2:${rt.region}:${rt.accountId}:security-group/${group.id}`,
  };
}

/** EC2 CreateSecurityGroup: a new group with EC2's default egress rule (all traffic out). */
export function createSecurityGroup(rt: Runtime, input: CreateSecurityGroupRequest): CreateSecurityGroupResult {
  const { GroupName: name, Description: description } = input;
  if (!name) throw new SandboxError('MissingParameter', 'The request must contain the parameter groupName');
  if (!description)
    throw new SandboxError('MissingParameter', 'The request must contain the parameter groupDescription');
  if (name.toLowerCase().startsWith('sg-'))
    throw new SandboxError('InvalidParameterValue', 'Group names may not be in the format sg-*.');
  if (name.length > 255)
    throw new SandboxError('InvalidParameterValue', 'Invalid value for group name: longer than 255 characters');
  const vpc = input.VpcId
    ? rt.world.ec2.vpcs.find((v) => v.id === input.VpcId)
    : rt.world.ec2.vpcs.find((v) => v.isDefault);
  if (!vpc) throw new SandboxError('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId ?? ''}' does not exist`);
  // Group names are unique per VPC ignoring case, as on EC2.
  if (rt.world.ec2.securityGroups.some((g) => g.vpcId === vpc.id && g.name.toLowerCase() === name.toLowerCase())) {
    throw new SandboxError('InvalidGroup.Duplicate', `The security group '${name}' already exists for VPC '${vpc.id}'`);
  }
  const group: SecurityGroup = {
    id: ec2Id('sg'),
    name,
    description,
    vpcId: vpc.id,
    tags: tagsFor(input.TagSpecifications, 'security-group'),
  };
  rt.world.ec2.securityGroups.push(group);
  rt.world.ec2.rules.push({
    id: ec2Id('sgr'),
    groupId: group.id,
    egress: true,
    protocol: '-1',
    fromPort: -1,
    toPort: -1,
    cidr: '0.0.0.0/0',
    tags: [],
  });
  rt.changed();
  return {
    GroupId: group.id,
    Tags: group.tags,
    SecurityGroupArn: `arn:aws:ec2:${rt.region}:${rt.accountId}:security-group/${group.id}`,
  };
}

/**
 * EC2 DeleteSecurityGroup. `DependencyViolation` while a load balancer, a network interface (also
 * an ALB's lingering ones) or another group's rule references the group, as on AWS.
 */
export function deleteSecurityGroup(
  rt: Runtime,
  input: DeleteSecurityGroupRequest,
): { Return: boolean; GroupId: string } {
  const group = input.GroupId
    ? findGroup(rt, input.GroupId)
    : rt.world.ec2.securityGroups.find(
        (g) => g.name === input.GroupName && rt.world.ec2.vpcs.some((v) => v.isDefault && v.id === g.vpcId),
      );
  if (!group)
    throw new SandboxError(
      'InvalidGroup.NotFound',
      `The security group '${input.GroupName ?? ''}' does not exist in default VPC '${rt.world.ec2.vpcs[0]?.id ?? ''}'`,
    );
  if (group.name === 'default')
    throw new SandboxError(
      'CannotDelete',
      `the specified group: "${group.id}" name: "default" cannot be deleted by a user`,
    );
  const dependent = new SandboxError('DependencyViolation', `resource ${group.id} has a dependent object`);
  const now = Date.now();
  if (rt.world.elb.loadBalancers.some((lb) => lb.securityGroupIds.includes(group.id))) throw dependent;
  if (
    rt.world.ec2.enis.some(
      (eni) => eni.securityGroupIds.includes(group.id) && (eni.goneAt === undefined || eni.goneAt > now),
    )
  )
    throw dependent;
  if (rt.world.ec2.instances.some((i) => i.securityGroupIds.includes(group.id) && instanceState(i) !== 'terminated'))
    throw dependent;
  if (rt.world.ec2.rules.some((r) => r.sourceGroupId === group.id && r.groupId !== group.id)) throw dependent;
  rt.world.ec2.securityGroups = rt.world.ec2.securityGroups.filter((g) => g !== group);
  rt.world.ec2.rules = rt.world.ec2.rules.filter((r) => r.groupId !== group.id);
  rt.changed();
  return { Return: true, GroupId: group.id };
}

function ingressOf(rt: Runtime, group: SecurityGroup) {
  return rt.world.ec2.rules.filter((r) => r.groupId === group.id && !r.egress);
}

/** EC2 DescribeSecurityGroups with ids, names, filters and pagination. */
export function describeSecurityGroups(
  rt: Runtime,
  input: DescribeSecurityGroupsRequest,
): DescribeSecurityGroupsResult {
  let groups = rt.world.ec2.securityGroups;
  for (const id of input.GroupIds ?? []) if (!groups.some((g) => g.id === id)) throw groupNotFound(id);
  for (const name of input.GroupNames ?? []) {
    if (!groups.some((g) => g.name === name)) {
      throw new SandboxError(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in default VPC '${rt.world.ec2.vpcs[0]?.id ?? ''}'`,
      );
    }
  }
  if (input.GroupIds?.length) groups = groups.filter((g) => input.GroupIds?.includes(g.id));
  if (input.GroupNames?.length) groups = groups.filter((g) => input.GroupNames?.includes(g.name));
  groups = applyFilters(
    groups,
    input.Filters,
    {
      'group-id': (g) => [g.id],
      'group-name': (g) => [g.name],
      'vpc-id': (g) => [g.vpcId],
      description: (g) => [g.description],
      'owner-id': () => [rt.accountId],
      'ip-permission.group-id': (g) => ingressOf(rt, g).map((r) => r.sourceGroupId),
      'ip-permission.cidr': (g) => ingressOf(rt, g).map((r) => r.cidr),
      'ip-permission.protocol': (g) => ingressOf(rt, g).map((r) => r.protocol),
      'ip-permission.from-port': (g) => ingressOf(rt, g).map((r) => String(r.fromPort)),
      'ip-permission.to-port': (g) => ingressOf(rt, g).map((r) => String(r.toPort)),
    },
    (g) => g.tags,
  );
  const { page, next } = paginate(groups, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return { SecurityGroups: page.map((g) => toSdk(rt, g)), NextToken: next };
}
