import type {
  AttachRolePolicyRequest,
  CreateRoleRequest,
  CreateServiceLinkedRoleRequest,
  DeleteRoleRequest,
  DeleteServiceLinkedRoleRequest,
  DetachRolePolicyRequest,
  GetRoleRequest,
  ListAttachedRolePoliciesRequest,
  ListRoleTagsRequest,
  Role as SdkRole,
  TagRoleRequest,
  UntagRoleRequest,
} from '@aws-sdk/client-iam';
import { SandboxError } from '../contracts.js';
import { hex } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { Role } from '../world.js';
import { checkName, deleteConflict, iamPath, iamTags, noSuchEntity } from './errors.js';
import { managedPolicies } from './managed-policies.js';

/** Service-linked roles the sandbox knows how to name, by service principal. */
const linkedRoles: Record<string, string> = {
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
  'elasticloadbalancing.amazonaws.com': 'AWSServiceRoleForElasticLoadBalancing',
  'autoscaling.amazonaws.com': 'AWSServiceRoleForAutoScaling',
};

/** A role as IAM returns it (the trust policy URL-encoded, as IAM sends it). */
export function roleToSdk(role: Role): SdkRole {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration ?? 3600,
    ...(role.tags?.length ? { Tags: role.tags } : {}),
  };
}

/** The role named `name`, or IAM's NoSuchEntity. */
export function findRole(rt: Runtime, name: string | undefined): Role {
  const role = rt.world.iam.roles.find((r) => r.name === name);
  if (!role) throw noSuchEntity(`The role with name ${name ?? ''} cannot be found.`);
  return role;
}

function newRole(rt: Runtime, name: string, path: string, trust: string, extra: Partial<Role>): Role {
  const role: Role = {
    name,
    path,
    arn: `arn:aws:iam::${rt.accountId}:role${path}${name}`,
    id: `AROA${hex(17).toUpperCase()}`,
    createDate: new Date().toISOString(),
    assumeRolePolicyDocument: trust,
    tags: [],
    attachedPolicyArns: [],
    ...extra,
  };
  rt.world.iam.roles.push(role);
  rt.changed();
  return role;
}

function createRole(rt: Runtime, input: CreateRoleRequest) {
  const name = checkName('roleName', input.RoleName);
  if (rt.world.iam.roles.some((r) => r.name.toLowerCase() === name.toLowerCase()))
    throw new SandboxError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
  const trust = input.AssumeRolePolicyDocument ?? '';
  try {
    JSON.parse(trust);
  } catch {
    throw new SandboxError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
  }
  const role = newRole(rt, name, iamPath(input.Path), trust, {
    description: input.Description,
    tags: iamTags(input.Tags),
    maxSessionDuration: input.MaxSessionDuration ?? 3600,
  });
  return { Role: roleToSdk(role) };
}

function deleteRole(rt: Runtime, input: DeleteRoleRequest) {
  const role = findRole(rt, input.RoleName);
  if (role.attachedPolicyArns?.length) throw deleteConflict('detach all policies');
  if (rt.world.iam.instanceProfiles.some((p) => p.roleNames.includes(role.name)))
    throw deleteConflict('remove roles from instance profile');
  rt.world.iam.roles = rt.world.iam.roles.filter((r) => r !== role);
  rt.changed();
  return {};
}

function attachRolePolicy(rt: Runtime, input: AttachRolePolicyRequest) {
  const role = findRole(rt, input.RoleName);
  const arn = input.PolicyArn ?? '';
  if (!managedPolicies[arn]) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  if (!role.attachedPolicyArns?.includes(arn)) role.attachedPolicyArns = [...(role.attachedPolicyArns ?? []), arn];
  rt.changed();
  return {};
}

function detachRolePolicy(rt: Runtime, input: DetachRolePolicyRequest) {
  const role = findRole(rt, input.RoleName);
  const arn = input.PolicyArn ?? '';
  if (!role.attachedPolicyArns?.includes(arn)) throw noSuchEntity(`Policy ${arn} was not found.`);
  role.attachedPolicyArns = role.attachedPolicyArns.filter((a) => a !== arn);
  rt.changed();
  return {};
}

function listAttachedRolePolicies(rt: Runtime, input: ListAttachedRolePoliciesRequest) {
  const role = findRole(rt, input.RoleName);
  const all = (role.attachedPolicyArns ?? []).map((arn) => ({
    PolicyArn: arn,
    PolicyName: managedPolicies[arn]?.name,
  }));
  const { page, next } = paginate(all, input.Marker, input.MaxItems);
  return { AttachedPolicies: page, IsTruncated: next !== undefined, Marker: next };
}

function createServiceLinkedRole(rt: Runtime, input: CreateServiceLinkedRoleRequest) {
  const service = input.AWSServiceName ?? '';
  const name = linkedRoles[service];
  if (!name) throw new SandboxError('InvalidInput', `Service role name for ${service} is not known to this sandbox.`);
  if (rt.world.iam.roles.some((r) => r.name === name)) {
    throw new SandboxError(
      'InvalidInput',
      `Service role name ${name} has been taken in this account, please try a different suffix.`,
    );
  }
  const trust = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
  const role = newRole(rt, name, `/aws-service-role/${service}/`, trust, { description: input.Description });
  return { Role: roleToSdk(role) };
}

function deleteServiceLinkedRole(rt: Runtime, input: DeleteServiceLinkedRoleRequest) {
  const role = findRole(rt, input.RoleName);
  rt.world.iam.roles = rt.world.iam.roles.filter((r) => r !== role);
  rt.changed();
  return { DeletionTaskId: `task${role.path}${role.name}/${crypto.randomUUID()}` };
}

/** IAM's role operations: create, read, delete (DeleteConflict while still in use), tags, managed policies. */
export const roleOperations = {
  CreateRole: createRole,
  GetRole: (rt: Runtime, input: GetRoleRequest) => ({ Role: roleToSdk(findRole(rt, input.RoleName)) }),
  DeleteRole: deleteRole,
  TagRole: (rt: Runtime, input: TagRoleRequest) => {
    const role = findRole(rt, input.RoleName);
    role.tags = iamTags(input.Tags, role.tags);
    rt.changed();
    return {};
  },
  UntagRole: (rt: Runtime, input: UntagRoleRequest) => {
    const role = findRole(rt, input.RoleName);
    role.tags = (role.tags ?? []).filter((t) => !input.TagKeys?.includes(t.Key));
    rt.changed();
    return {};
  },
  ListRoleTags: (rt: Runtime, input: ListRoleTagsRequest) => ({
    Tags: findRole(rt, input.RoleName).tags ?? [],
    IsTruncated: false,
  }),
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  CreateServiceLinkedRole: createServiceLinkedRole,
  DeleteServiceLinkedRole: deleteServiceLinkedRole,
};
