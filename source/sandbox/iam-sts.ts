import type {
  CreateServiceLinkedRoleRequest,
  DeleteServiceLinkedRoleRequest,
  GetRoleRequest,
  Role as SdkRole,
} from '@aws-sdk/client-iam';
import { SandboxError } from './contracts.js';
import { hex } from './ids.js';
import type { Runtime } from './runtime.js';
import { bindHandler, type QueryHandler } from './wire/query-protocol.js';
import type { Role } from './world.js';

/** Service-linked roles the sandbox knows how to name, by service principal. */
const linkedRoles: Record<string, string> = {
  'ecs.amazonaws.com': 'AWSServiceRoleForECS',
  'elasticloadbalancing.amazonaws.com': 'AWSServiceRoleForElasticLoadBalancing',
};

function toSdk(role: Role): SdkRole {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    AssumeRolePolicyDocument: encodeURIComponent(role.assumeRolePolicyDocument),
    Description: role.description,
  };
}

function getRole(rt: Runtime, input: GetRoleRequest) {
  const role = rt.world.iam.roles.find((r) => r.name === input.RoleName);
  if (!role) throw new SandboxError('NoSuchEntity', `The role with name ${input.RoleName ?? ''} cannot be found.`, 404);
  return { Role: toSdk(role) };
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
  const path = `/aws-service-role/${service}/`;
  const role: Role = {
    name,
    path,
    arn: `arn:aws:iam::${rt.accountId}:role${path}${name}`,
    id: `AROA${hex(17).toUpperCase()}`,
    createDate: new Date().toISOString(),
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    }),
    description: input.Description,
  };
  rt.world.iam.roles.push(role);
  rt.changed();
  return { Role: toSdk(role) };
}

function deleteServiceLinkedRole(rt: Runtime, input: DeleteServiceLinkedRoleRequest) {
  const role = rt.world.iam.roles.find((r) => r.name === input.RoleName);
  if (!role) throw new SandboxError('NoSuchEntity', `The role with name ${input.RoleName ?? ''} cannot be found.`, 404);
  rt.world.iam.roles = rt.world.iam.roles.filter((r) => r !== role);
  rt.changed();
  return { DeletionTaskId: `task${role.path}${role.name}/${crypto.randomUUID()}` };
}

/** The IAM operations the sandbox serves (awsQuery 2010-05-08). The seed has no roles. */
export function iamHandlers(rt: Runtime): Record<string, QueryHandler> {
  return {
    GetRole: bindHandler(rt, getRole),
    CreateServiceLinkedRole: bindHandler(rt, createServiceLinkedRole),
    DeleteServiceLinkedRole: bindHandler(rt, deleteServiceLinkedRole),
  };
}

/** The STS operations the sandbox serves (awsQuery 2011-06-15): who is calling. */
export function stsHandlers(rt: Runtime): Record<string, QueryHandler> {
  return {
    GetCallerIdentity: () => ({
      UserId: 'AIDASANDBOXUSER00000',
      Account: rt.accountId,
      Arn: `arn:aws:iam::${rt.accountId}:user/sandbox`,
    }),
  };
}
