import {
  CreateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  UpdateAutoScalingGroupCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { isAwsError } from '../aws/errors.js';
import { findAutoScalingGroup } from '../aws/find-owned-capacity.js';
import { stackNames } from '../aws/names.js';
import { retryWhile } from '../aws/retry.js';
import { claimFound } from './capacity-own.js';
import { shownWait } from './shown-wait.js';
import type { RecordResource, ResourceTeardownOutcome, StepDeps } from './types.js';

/**
 * IAM is eventually consistent: for some seconds after an instance profile is created (or given
 * its role), EC2 and Auto Scaling refuse it with this ValidationError. Only this one is retried.
 */
export function isProfilePropagation(error: unknown): boolean {
  return (
    isAwsError(error, 'ValidationError') &&
    error instanceof Error &&
    /Invalid IAM Instance Profile|iamInstanceProfile/i.test(error.message)
  );
}

/** A ValidationError that is Auto Scaling's way of saying the caller may not pass the role. */
function isPassRoleDenied(error: unknown): boolean {
  return (
    isAwsError(error, 'ValidationError', 'AccessDenied') &&
    error instanceof Error &&
    /not authorized/i.test(error.message)
  );
}

export type GroupInput = { launchTemplateId: string; subnetIds: readonly string[]; desired: number; roleArn: string };

async function describeGroup(deps: StepDeps, name: string): Promise<AutoScalingGroup | undefined> {
  const out = await deps.clients.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
    { abortSignal: deps.signal },
  );
  return out.AutoScalingGroups?.find((g) => g.AutoScalingGroupName === name);
}

/**
 * The Auto Scaling group `<stack>-asg` over the chosen subnets, created empty: min 0, desired 0,
 * max N, new instances protected from scale-in (managed termination protection needs it). It is
 * scaled out (`scaleOutGroup`) only once its capacity provider is on the cluster: AWS does not
 * count instances that registered before the provider existed as the provider's. While the new
 * instance profile propagates, the create is retried (bounded, shown as a wait).
 */
export async function ensureGroup(deps: StepDeps, input: GroupInput, record: RecordResource): Promise<string> {
  const name = stackNames(deps.stack).autoScalingGroup;
  const find = () => findAutoScalingGroup({ clients: deps.clients, stack: deps.stack, signal: deps.signal });
  const existing = claimFound(await find(), deps.stack, 'Auto Scaling group');
  if (existing?.details?.status === 'Delete in progress')
    throw new Error(`Auto Scaling group ${name} is being deleted; run setup again once it is gone`);
  if (!existing) {
    const create = () =>
      deps.clients.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          LaunchTemplate: { LaunchTemplateId: input.launchTemplateId, Version: '$Latest' },
          MinSize: 0,
          MaxSize: input.desired,
          DesiredCapacity: 0,
          VPCZoneIdentifier: input.subnetIds.join(','),
          NewInstancesProtectedFromScaleIn: true,
          Tags: [{ Key: 'ecs-alb-wizard:stack', Value: deps.stack, PropagateAtLaunch: true }],
        }),
        { abortSignal: deps.signal },
      );
    // Only a refusal while the profile propagates turns into a shown, bounded wait.
    let first: Error | undefined;
    try {
      await create();
    } catch (error) {
      if (!isAwsError(error, 'AlreadyExists')) first = error instanceof Error ? error : new Error(String(error));
    }
    let refused = false;
    try {
      if (first !== undefined && !isProfilePropagation(first)) throw first;
      if (first !== undefined)
        await shownWait<boolean>(deps, {
          step: 'capacity',
          id: 'instance-profile-usable',
          what: `Auto Scaling to accept the new instance profile ${stackNames(deps.stack).instanceRole}`,
          usually: 'usually under 15 s (IAM eventual consistency)',
          async check() {
            // The first look reports the refusal just seen; each later one tries again after a delay.
            if (!refused) {
              refused = true;
              return { done: false, value: false, progress: 'instance profile not visible to Auto Scaling yet' };
            }
            try {
              await create();
              return { done: true, value: true };
            } catch (error) {
              if (isAwsError(error, 'AlreadyExists')) return { done: true, value: true };
              if (!isProfilePropagation(error)) throw error;
              return { done: false, value: false, progress: 'instance profile not visible to Auto Scaling yet' };
            }
          },
          explainTimeout: () => 'IAM has not propagated the instance profile; run setup again',
        });
    } catch (error) {
      if (isPassRoleDenied(error))
        throw new Error(
          `access denied for iam:PassRole on ${input.roleArn}: the caller needs iam:PassRole for ${input.roleArn} (and ec2:RunInstances, ec2:CreateTags) to launch instances with it`,
          { cause: error },
        );
      throw error;
    }
    claimFound(await find(), deps.stack, 'Auto Scaling group');
  }
  record({ kind: 'auto-scaling-group', id: name, label: name }, existing !== undefined);
  const group = await describeGroup(deps, name);
  if (!group?.AutoScalingGroupARN) throw new Error(`Auto Scaling group ${name} has no ARN`);
  return group.AutoScalingGroupARN;
}

/**
 * Sets the group's desired capacity to N (max N): called after its capacity provider is on the
 * cluster, so every instance it launches registers as the provider's. Idempotent: a rerun that
 * finds it at N sends nothing; it records nothing (the group is recorded already).
 */
export async function scaleOutGroup(deps: StepDeps, desired: number): Promise<void> {
  const name = stackNames(deps.stack).autoScalingGroup;
  const group = await describeGroup(deps, name);
  if (!group) throw new Error(`Auto Scaling group ${name} is not there to scale out`);
  if (group.DesiredCapacity === desired && group.MaxSize === desired) return;
  await retryWhile(
    `Auto Scaling group ${name} to accept desired capacity ${desired}`,
    ['ScalingActivityInProgress'],
    () =>
      deps.clients.autoScaling.send(
        new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: name, MaxSize: desired, DesiredCapacity: desired }),
        { abortSignal: deps.signal },
      ),
    deps,
    'a scaling activity is still running on it',
  );
}

async function liveInstances(deps: StepDeps, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  try {
    const out = await deps.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: [...ids] }), {
      abortSignal: deps.signal,
    });
    return (out.Reservations ?? [])
      .flatMap((r) => r.Instances ?? [])
      .filter((i) => i.State?.Name !== 'terminated')
      .map((i) => i.InstanceId ?? '');
  } catch (error) {
    if (isAwsError(error, 'InvalidInstanceID.NotFound')) return [];
    throw error;
  }
}

/**
 * Force-deletes the group (terminating its instances, protected or not) and waits, bounded and
 * shown, until the group is gone and every instance it had is terminated.
 */
export async function deleteGroup(name: string, deps: StepDeps): Promise<ResourceTeardownOutcome> {
  let instanceIds: string[];
  try {
    const found = await findAutoScalingGroup({ clients: deps.clients, stack: deps.stack, signal: deps.signal });
    if (!found) return 'already-gone';
    if (found.taggedFor !== deps.stack) return 'not-ours';
    const group = await describeGroup(deps, name);
    instanceIds = (group?.Instances ?? []).map((i) => i.InstanceId ?? '').filter(Boolean);
    if (found.details?.status !== 'Delete in progress')
      await retryWhile(
        `Auto Scaling group ${name} to accept its deletion`,
        ['ScalingActivityInProgress', 'ResourceInUse'],
        () =>
          deps.clients.autoScaling.send(
            new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }),
            {
              abortSignal: deps.signal,
            },
          ),
        deps,
        'a scaling activity is still running on it',
      );
  } catch (error) {
    if (isAwsError(error, 'ValidationError') && error instanceof Error && /not found/i.test(error.message))
      return 'already-gone';
    throw new Error(`delete Auto Scaling group ${name}`, { cause: error });
  }
  try {
    await shownWait<{ group: boolean; live: string[] }>(deps, {
      step: 'capacity',
      id: 'auto-scaling-group-deleted',
      what: `Auto Scaling group ${name} to terminate its instances and go`,
      usually: 'usually 1-3 min on AWS',
      async check() {
        const group = (await describeGroup(deps, name)) !== undefined;
        const live = await liveInstances(deps, instanceIds);
        const progress = `${instanceIds.length - live.length}/${instanceIds.length} instances terminated${group ? ', group still there' : ''}`;
        return { done: !group && live.length === 0, value: { group, live }, progress };
      },
      explainTimeout: (last) =>
        last?.live.length
          ? `instances ${last.live.join(', ')} are still shutting down`
          : 'the group is still being deleted',
    });
  } catch (cause) {
    throw new Error(`wait for Auto Scaling group ${name} to be deleted`, { cause });
  }
  return 'deleted';
}
