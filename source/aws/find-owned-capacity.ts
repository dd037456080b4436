/**
 * Look-ups, by the stack's derived names, of what `--create-cluster` makes: the cluster, the
 * instances' role and instance profile, their security group, launch template, Auto Scaling group
 * and capacity provider. Each reports what it saw with the stack tag it carries (or nothing when
 * there is none of that name), for the capacity step (which refuses a name taken by someone else
 * before creating anything) and for teardown's discovery.
 */
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeLaunchTemplatesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeCapacityProvidersCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { GetInstanceProfileCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { isAwsError } from './errors.js';
import { stackTagValue, type FindDeps, type FoundResource } from './find-owned.js';
import { stackNames } from './names.js';

type Found = FoundResource | undefined;

/** The ECS cluster `<stack>-cluster`, when ACTIVE or PROVISIONING (INACTIVE counts as gone). */
export async function findCluster(deps: FindDeps): Promise<Found> {
  const name = stackNames(deps.stack).cluster;
  const out = await deps.clients.ecs.send(new DescribeClustersCommand({ clusters: [name], include: ['TAGS'] }), {
    abortSignal: deps.signal,
  });
  const cluster = out.clusters?.find((c) => c.clusterName === name && c.status !== 'INACTIVE');
  if (!cluster?.clusterArn) return undefined;
  return { kind: 'ecs-cluster', id: cluster.clusterArn, label: name, taggedFor: stackTagValue(cluster.tags) };
}

/** The IAM role `<stack>-ecs-instance`. */
export async function findRole(deps: FindDeps): Promise<Found> {
  const name = stackNames(deps.stack).instanceRole;
  try {
    const out = await deps.clients.iam.send(new GetRoleCommand({ RoleName: name }), { abortSignal: deps.signal });
    return { kind: 'iam-role', id: name, label: name, taggedFor: stackTagValue(out.Role?.Tags) };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw error;
  }
}

/** The instance profile `<stack>-ecs-instance`, with the roles it holds (`details.roles`). */
export async function findInstanceProfile(deps: FindDeps): Promise<Found> {
  const name = stackNames(deps.stack).instanceRole;
  try {
    const out = await deps.clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }), {
      abortSignal: deps.signal,
    });
    const profile = out.InstanceProfile;
    const roles = (profile?.Roles ?? []).map((r) => r.RoleName).filter(Boolean);
    return {
      kind: 'instance-profile',
      id: name,
      label: name,
      details: { arn: profile?.Arn ?? '', roles: roles.join(',') },
      taggedFor: stackTagValue(profile?.Tags),
    };
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return undefined;
    throw error;
  }
}

/** The security group `<stack>-instances-sg` (in `vpcId` when known). */
export async function findInstanceGroup(deps: FindDeps, vpcId?: string): Promise<Found> {
  const name = stackNames(deps.stack).instanceSecurityGroup;
  const out = await deps.clients.ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [{ Name: 'group-name', Values: [name] }, ...(vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [])],
    }),
    { abortSignal: deps.signal },
  );
  const group = out.SecurityGroups?.[0];
  if (!group?.GroupId) return undefined;
  return {
    kind: 'security-group',
    id: group.GroupId,
    label: `${group.GroupId} (${name})`,
    ...(group.VpcId ? { details: { vpcId: group.VpcId } } : {}),
    taggedFor: stackTagValue(group.Tags),
    step: 'capacity',
  };
}

/** The launch template `<stack>-lt`. */
export async function findLaunchTemplate(deps: FindDeps): Promise<Found> {
  const name = stackNames(deps.stack).launchTemplate;
  try {
    const out = await deps.clients.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }), {
      abortSignal: deps.signal,
    });
    const template = out.LaunchTemplates?.[0];
    if (!template?.LaunchTemplateId) return undefined;
    return {
      kind: 'launch-template',
      id: template.LaunchTemplateId,
      label: `${name} (${template.LaunchTemplateId})`,
      taggedFor: stackTagValue(template.Tags),
    };
  } catch (error) {
    if (isAwsError(error, 'InvalidLaunchTemplateName.NotFoundException', 'InvalidLaunchTemplateId.NotFound'))
      return undefined;
    throw error;
  }
}

/** The Auto Scaling group `<stack>-asg` (also while it is being deleted, `details.status`). */
export async function findAutoScalingGroup(deps: FindDeps): Promise<Found> {
  const name = stackNames(deps.stack).autoScalingGroup;
  const out = await deps.clients.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
    { abortSignal: deps.signal },
  );
  const group = out.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === name);
  if (!group) return undefined;
  return {
    kind: 'auto-scaling-group',
    id: name,
    label: name,
    details: { arn: group.AutoScalingGroupARN ?? '', status: group.Status ?? '' },
    taggedFor: stackTagValue(group.Tags),
  };
}

/** The capacity provider `<stack>-cp`, unless INACTIVE (deleted). */
export async function findCapacityProvider(deps: FindDeps): Promise<Found> {
  const name = stackNames(deps.stack).capacityProvider;
  const out = await deps.clients.ecs.send(
    new DescribeCapacityProvidersCommand({ capacityProviders: [name], include: ['TAGS'] }),
    { abortSignal: deps.signal },
  );
  const provider = out.capacityProviders?.find((p) => p.name === name && p.status !== 'INACTIVE');
  if (!provider?.capacityProviderArn) return undefined;
  return {
    kind: 'capacity-provider',
    id: provider.capacityProviderArn,
    label: name,
    details: { name, cluster: stackNames(deps.stack).cluster },
    taggedFor: stackTagValue(provider.tags),
  };
}

/** Everything of the capacity the stack's names show, in the order setup creates it. */
export async function findCapacity(deps: FindDeps, vpcId?: string): Promise<FoundResource[]> {
  const found = [
    await findInstanceGroup(deps, vpcId),
    await findRole(deps),
    await findInstanceProfile(deps),
    await findLaunchTemplate(deps),
    await findCluster(deps),
    await findAutoScalingGroup(deps),
    await findCapacityProvider(deps),
  ];
  return found.filter((f): f is FoundResource => f !== undefined);
}
