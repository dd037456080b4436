import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  ListAttachedRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { isAwsError } from '../aws/errors.js';
import { findInstanceProfile, findRole } from '../aws/find-owned-capacity.js';
import { stackNames } from '../aws/names.js';
import { stackTags } from '../aws/tags.js';
import { claimFound } from './capacity-own.js';
import type { RecordResource, ResourceTeardownOutcome, StepDeps } from './types.js';

/** The managed policies the instances' role carries: the ECS agent's, and Session Manager's. */
export const INSTANCE_POLICIES = [
  'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
] as const;

/** Lets EC2 instances take the role. */
export const EC2_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

const find = (deps: StepDeps) => ({ clients: deps.clients, stack: deps.stack, signal: deps.signal });

/** The role `<stack>-ecs-instance` trusting EC2, with both managed policies attached (attaching again is a no-op). */
export async function ensureRole(deps: StepDeps, record: RecordResource): Promise<string> {
  const name = stackNames(deps.stack).instanceRole;
  const existing = claimFound(await findRole(find(deps)), deps.stack, 'IAM role');
  if (!existing) {
    try {
      await deps.clients.iam.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: EC2_TRUST_POLICY,
          Description: `ecs-alb-wizard ${deps.stack}: ECS container instances`,
          Tags: stackTags(deps.stack),
        }),
        { abortSignal: deps.signal },
      );
    } catch (error) {
      if (!isAwsError(error, 'EntityAlreadyExists')) throw error;
      claimFound(await findRole(find(deps)), deps.stack, 'IAM role');
    }
  }
  record({ kind: 'iam-role', id: name, label: name }, existing !== undefined);
  for (const PolicyArn of INSTANCE_POLICIES)
    await deps.clients.iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn }), {
      abortSignal: deps.signal,
    });
  return name;
}

/** The instance profile `<stack>-ecs-instance` holding the role; returns its ARN. */
export async function ensureInstanceProfile(deps: StepDeps, record: RecordResource, role: string): Promise<string> {
  const name = stackNames(deps.stack).instanceRole;
  let existing = claimFound(await findInstanceProfile(find(deps)), deps.stack, 'instance profile');
  let arn = existing?.details?.arn;
  if (!existing) {
    try {
      const out = await deps.clients.iam.send(
        new CreateInstanceProfileCommand({ InstanceProfileName: name, Tags: stackTags(deps.stack) }),
        { abortSignal: deps.signal },
      );
      arn = out.InstanceProfile?.Arn;
    } catch (error) {
      if (!isAwsError(error, 'EntityAlreadyExists')) throw error;
      existing = claimFound(await findInstanceProfile(find(deps)), deps.stack, 'instance profile');
      arn = existing?.details?.arn;
    }
  }
  record({ kind: 'instance-profile', id: name, label: name }, existing !== undefined);
  const roles = (existing?.details?.roles ?? '').split(',').filter(Boolean);
  if (!roles.includes(role)) {
    try {
      await deps.clients.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: role }), {
        abortSignal: deps.signal,
      });
    } catch (error) {
      // A profile holds one role: a retried call whose answer was lost finds it there already.
      if (!isAwsError(error, 'LimitExceeded')) throw error;
    }
  }
  if (!arn) throw new Error(`instance profile ${name} has no ARN`);
  return arn;
}

/** Removes the role from the profile and deletes the profile, when it is the stack's. */
export async function deleteInstanceProfile(name: string, deps: StepDeps): Promise<ResourceTeardownOutcome> {
  try {
    const found = await findInstanceProfile(find(deps));
    if (!found) return 'already-gone';
    if (found.taggedFor !== deps.stack) return 'not-ours';
    const out = await deps.clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: name }), {
      abortSignal: deps.signal,
    });
    for (const role of out.InstanceProfile?.Roles ?? []) {
      if (!role.RoleName) continue;
      await deps.clients.iam.send(
        new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: name, RoleName: role.RoleName }),
        { abortSignal: deps.signal },
      );
    }
    await deps.clients.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: name }), {
      abortSignal: deps.signal,
    });
    return 'deleted';
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return 'already-gone';
    throw new Error(`delete instance profile ${name}`, { cause: error });
  }
}

/** Detaches the role's managed policies and deletes it, when it is the stack's. */
export async function deleteRole(name: string, deps: StepDeps): Promise<ResourceTeardownOutcome> {
  try {
    const found = await findRole(find(deps));
    if (!found) return 'already-gone';
    if (found.taggedFor !== deps.stack) return 'not-ours';
    const attached = await deps.clients.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name }), {
      abortSignal: deps.signal,
    });
    for (const policy of attached.AttachedPolicies ?? []) {
      if (!policy.PolicyArn) continue;
      await deps.clients.iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policy.PolicyArn }), {
        abortSignal: deps.signal,
      });
    }
    await deps.clients.iam.send(new DeleteRoleCommand({ RoleName: name }), { abortSignal: deps.signal });
    return 'deleted';
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity')) return 'already-gone';
    // Setup adds no inline policy and no other profile: someone else did; the role is left for them.
    if (isAwsError(error, 'DeleteConflict'))
      throw new Error(
        `delete IAM role ${name}: it still has an inline policy or sits in another instance profile that this stack did not add; see aws iam list-role-policies --role-name ${name} and aws iam list-instance-profiles-for-role --role-name ${name}`,
        { cause: error },
      );
    throw new Error(`delete IAM role ${name}`, { cause: error });
  }
}
