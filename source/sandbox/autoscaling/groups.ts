import type {
  AutoScalingGroupNamesType,
  CreateAutoScalingGroupType,
  DeleteAutoScalingGroupType,
  SetInstanceProtectionQuery,
  UpdateAutoScalingGroupType,
} from '@aws-sdk/client-auto-scaling';
import { SandboxError } from '../contracts.js';
import { findLaunchTemplate } from '../ec2/launch-templates.js';
import { globMatch } from '../glob.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { AutoScalingGroup } from '../world.js';
import { checkSizes, groupNotFound, validation } from './errors.js';
import { checkProfile, groupTemplateData, LaunchRefused } from './launch-check.js';
import { renderGroup, serviceLinkedRoleArn } from './render.js';
import type { Scaler } from './scaler.js';
import { ensureLinkedRole } from './linked-role.js';

/** What the group operations share. */
export type GroupDeps = { rt: Runtime; scaler: Scaler };

/** The group by name (Auto Scaling's ValidationError otherwise). */
export function findGroup(rt: Runtime, name: string | undefined): AutoScalingGroup {
  const group = rt.world.autoScaling.groups.find((g) => g.name === name);
  if (!group) throw groupNotFound(name);
  return group;
}

function templateRef(rt: Runtime, ref: CreateAutoScalingGroupType['LaunchTemplate']) {
  if (!ref?.LaunchTemplateId && !ref?.LaunchTemplateName)
    throw validation(
      'Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or MixedInstancesPolicy parameter.',
    );
  try {
    const t = findLaunchTemplate(rt, { id: ref.LaunchTemplateId, name: ref.LaunchTemplateName });
    return { id: t.id, name: t.name, version: ref.Version ?? '$Default' };
  } catch {
    throw validation(
      `You must use a valid fully-formed launch template. The specified launch template, with template ${ref.LaunchTemplateId ? `ID ${ref.LaunchTemplateId}` : `name ${ref.LaunchTemplateName ?? ''}`}, does not exist.`,
    );
  }
}

function subnets(rt: Runtime, vpcZoneIdentifier: string | undefined): string[] {
  const ids = (vpcZoneIdentifier ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw validation('At least one Availability Zone or VPC Subnet is required.');
  for (const id of ids)
    if (!rt.world.ec2.subnets.some((s) => s.id === id)) throw validation(`The subnet ID '${id}' does not exist`);
  return ids;
}

/** The launch template must be fully formed now: its profile known and propagated (IAM eventual consistency). */
function checkFullyFormed(rt: Runtime, group: AutoScalingGroup): void {
  try {
    checkProfile(rt, groupTemplateData(rt, group).IamInstanceProfile);
  } catch (error) {
    if (error instanceof LaunchRefused)
      throw validation(`You must use a valid fully-formed launch template. ${error.message}`);
    throw error;
  }
}

function create({ rt, scaler }: GroupDeps, input: CreateAutoScalingGroupType) {
  const name = input.AutoScalingGroupName ?? '';
  if (name.length < 1 || name.length > 255)
    throw validation(
      `1 validation error detected: Value '${name}' at 'autoScalingGroupName' failed to satisfy constraint: Member must have length between 1 and 255`,
    );
  if (rt.world.autoScaling.groups.some((g) => g.name === name))
    throw new SandboxError(
      'AlreadyExists',
      `AutoScalingGroup by this name already exists - A group with the name ${name} already exists`,
    );
  const min = input.MinSize ?? 0;
  const max = input.MaxSize ?? 0;
  const desired = input.DesiredCapacity ?? min;
  checkSizes(min, max, desired);
  const group: AutoScalingGroup = {
    name,
    arn: `arn:aws:autoscaling:${rt.region}:${rt.accountId}:autoScalingGroup:${crypto.randomUUID()}:autoScalingGroupName/${name}`,
    launchTemplate: templateRef(rt, input.LaunchTemplate),
    minSize: min,
    maxSize: max,
    desiredCapacity: desired,
    subnetIds: subnets(rt, input.VPCZoneIdentifier),
    newInstancesProtectedFromScaleIn: input.NewInstancesProtectedFromScaleIn ?? false,
    createdTime: new Date().toISOString(),
    tags: (input.Tags ?? []).map((t) => ({
      Key: t.Key ?? '',
      Value: t.Value ?? '',
      PropagateAtLaunch: t.PropagateAtLaunch ?? false,
    })),
    defaultCooldown: input.DefaultCooldown ?? 300,
    healthCheckType: input.HealthCheckType ?? 'EC2',
    healthCheckGracePeriod: input.HealthCheckGracePeriod ?? 0,
  };
  checkFullyFormed(rt, group);
  ensureLinkedRole(rt, serviceLinkedRoleArn(rt));
  rt.world.autoScaling.groups.push(group);
  rt.changed();
  scaler.reconcile(
    group,
    `a user request created an AutoScalingGroup changing the desired capacity from 0 to ${desired}`,
  );
  return {};
}

function describe({ rt, scaler }: GroupDeps, input: AutoScalingGroupNamesType) {
  let groups = rt.world.autoScaling.groups.filter(
    (g) => !input.AutoScalingGroupNames?.length || input.AutoScalingGroupNames.includes(g.name),
  );
  for (const filter of input.Filters ?? []) {
    const values = filter.Values ?? [];
    const name = filter.Name ?? '';
    const match = (g: AutoScalingGroup) => {
      if (name === 'tag-key') return g.tags.some((t) => values.includes(t.Key));
      if (name === 'tag-value') return g.tags.some((t) => values.includes(t.Value));
      if (name.startsWith('tag:'))
        return g.tags.some((t) => t.Key === name.slice(4) && values.some((v) => globMatch(v, t.Value)));
      throw validation(`Filter name '${name}' is not supported.`);
    };
    groups = groups.filter(match);
  }
  const { page, next } = paginate(groups, input.NextToken, input.MaxRecords, { min: 1, max: 100 });
  return { AutoScalingGroups: page.map((g) => renderGroup(rt, g, scaler.members(g))), NextToken: next };
}

function update({ rt, scaler }: GroupDeps, input: UpdateAutoScalingGroupType) {
  const group = findGroup(rt, input.AutoScalingGroupName);
  if (group.deleting)
    throw new SandboxError('ScalingActivityInProgress', `AutoScalingGroup ${group.name} is pending delete.`);
  const min = input.MinSize ?? group.minSize;
  const max = input.MaxSize ?? group.maxSize;
  const before = group.desiredCapacity;
  const desired = input.DesiredCapacity ?? Math.min(Math.max(before, min), max);
  checkSizes(min, max, desired);
  if (input.LaunchTemplate) group.launchTemplate = templateRef(rt, input.LaunchTemplate);
  if (input.VPCZoneIdentifier !== undefined) group.subnetIds = subnets(rt, input.VPCZoneIdentifier);
  if (input.NewInstancesProtectedFromScaleIn !== undefined)
    group.newInstancesProtectedFromScaleIn = input.NewInstancesProtectedFromScaleIn;
  Object.assign(group, { minSize: min, maxSize: max, desiredCapacity: desired });
  rt.changed();
  scaler.reconcile(
    group,
    `a user request update of AutoScalingGroup constraints to min: ${min}, max: ${max}, desired: ${desired} changing the desired capacity from ${before} to ${desired}`,
  );
  return {};
}

function remove({ rt, scaler }: GroupDeps, input: DeleteAutoScalingGroupType) {
  const group = findGroup(rt, input.AutoScalingGroupName);
  if (group.deleting) return {};
  if (!input.ForceDelete && scaler.members(group).length > 0)
    throw new SandboxError(
      'ResourceInUse',
      'You cannot delete an AutoScalingGroup while there are instances or pending Spot instance request(s) still in the group.',
    );
  group.deleting = true;
  group.desiredCapacity = 0;
  group.minSize = 0;
  rt.changed();
  scaler.reconcile(group, 'a user request deleted the AutoScalingGroup');
  return {};
}

function protect({ rt }: GroupDeps, input: SetInstanceProtectionQuery) {
  const group = findGroup(rt, input.AutoScalingGroupName);
  for (const id of input.InstanceIds ?? []) {
    const instance = rt.world.ec2.instances.find((i) => i.id === id && i.launched?.autoScalingGroupName === group.name);
    if (!instance?.launched) throw validation(`The instance ${id} is not part of Auto Scaling group ${group.name}.`);
    instance.launched.protectedFromScaleIn = input.ProtectedFromScaleIn ?? false;
  }
  rt.changed();
  return {};
}

/** The group operations: create, describe (names, tag filters, paging), update, delete (forced or not), protection. */
export const groupOperations = {
  CreateAutoScalingGroup: create,
  DescribeAutoScalingGroups: describe,
  UpdateAutoScalingGroup: update,
  DeleteAutoScalingGroup: remove,
  SetInstanceProtection: protect,
};
