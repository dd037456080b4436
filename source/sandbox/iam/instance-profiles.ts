import type {
  AddRoleToInstanceProfileRequest,
  CreateInstanceProfileRequest,
  DeleteInstanceProfileRequest,
  GetInstanceProfileRequest,
  InstanceProfile as SdkInstanceProfile,
  ListInstanceProfilesForRoleRequest,
  ListInstanceProfileTagsRequest,
  RemoveRoleFromInstanceProfileRequest,
  TagInstanceProfileRequest,
} from '@aws-sdk/client-iam';
import { SandboxError } from '../contracts.js';
import { hex } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { InstanceProfile } from '../world.js';
import { checkName, deleteConflict, iamPath, iamTags, noSuchEntity } from './errors.js';
import { findRole, roleToSdk } from './roles.js';

/**
 * How long (AWS ms) EC2 and Auto Scaling refuse an instance profile after it was created or got
 * its role: IAM is eventually consistent, and a launch that comes too soon is refused.
 */
export const PROFILE_SETTLE_MS = 10_000;

/** The profile named `name`, or IAM's NoSuchEntity. */
export function findProfile(rt: Runtime, name: string | undefined): InstanceProfile {
  const profile = rt.world.iam.instanceProfiles.find((p) => p.name === name);
  if (!profile) throw noSuchEntity(`Instance Profile ${name ?? ''} cannot be found.`);
  return profile;
}

function toSdk(rt: Runtime, profile: InstanceProfile): SdkInstanceProfile {
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: profile.arn,
    CreateDate: new Date(profile.createDate),
    Roles: profile.roleNames.flatMap((name) => {
      const role = rt.world.iam.roles.find((r) => r.name === name);
      return role ? [roleToSdk(role)] : [];
    }),
    ...(profile.tags.length ? { Tags: profile.tags } : {}),
  };
}

function unsettled(rt: Runtime): number {
  return Date.now() + rt.clock.real(PROFILE_SETTLE_MS);
}

function createInstanceProfile(rt: Runtime, input: CreateInstanceProfileRequest) {
  const name = checkName('instanceProfileName', input.InstanceProfileName);
  if (rt.world.iam.instanceProfiles.some((p) => p.name.toLowerCase() === name.toLowerCase()))
    throw new SandboxError('EntityAlreadyExists', `Instance Profile ${name} already exists.`, 409);
  const path = iamPath(input.Path);
  const profile: InstanceProfile = {
    name,
    path,
    arn: `arn:aws:iam::${rt.accountId}:instance-profile${path}${name}`,
    id: `AIPA${hex(17).toUpperCase()}`,
    createDate: new Date().toISOString(),
    roleNames: [],
    tags: iamTags(input.Tags),
    settlesAt: unsettled(rt),
  };
  rt.world.iam.instanceProfiles.push(profile);
  rt.changed();
  return { InstanceProfile: toSdk(rt, profile) };
}

function addRole(rt: Runtime, input: AddRoleToInstanceProfileRequest) {
  const profile = findProfile(rt, input.InstanceProfileName);
  const role = findRole(rt, input.RoleName);
  if (profile.roleNames.length > 0)
    throw new SandboxError('LimitExceeded', 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1', 409);
  profile.roleNames = [role.name];
  profile.settlesAt = unsettled(rt);
  rt.changed();
  return {};
}

function removeRole(rt: Runtime, input: RemoveRoleFromInstanceProfileRequest) {
  const profile = findProfile(rt, input.InstanceProfileName);
  const role = findRole(rt, input.RoleName);
  if (!profile.roleNames.includes(role.name))
    throw noSuchEntity(`The role with name ${role.name} cannot be found in instance profile ${profile.name}.`);
  profile.roleNames = profile.roleNames.filter((n) => n !== role.name);
  rt.changed();
  return {};
}

function deleteProfile(rt: Runtime, input: DeleteInstanceProfileRequest) {
  const profile = findProfile(rt, input.InstanceProfileName);
  if (profile.roleNames.length > 0) throw deleteConflict('remove roles from instance profile');
  rt.world.iam.instanceProfiles = rt.world.iam.instanceProfiles.filter((p) => p !== profile);
  rt.changed();
  return {};
}

function listForRole(rt: Runtime, input: ListInstanceProfilesForRoleRequest) {
  const role = findRole(rt, input.RoleName);
  const all = rt.world.iam.instanceProfiles.filter((p) => p.roleNames.includes(role.name));
  const { page, next } = paginate(all, input.Marker, input.MaxItems);
  return { InstanceProfiles: page.map((p) => toSdk(rt, p)), IsTruncated: next !== undefined, Marker: next };
}

/** IAM's instance profile operations: one role per profile, DeleteConflict while it holds one. */
export const instanceProfileOperations = {
  CreateInstanceProfile: createInstanceProfile,
  GetInstanceProfile: (rt: Runtime, input: GetInstanceProfileRequest) => ({
    InstanceProfile: toSdk(rt, findProfile(rt, input.InstanceProfileName)),
  }),
  DeleteInstanceProfile: deleteProfile,
  AddRoleToInstanceProfile: addRole,
  RemoveRoleFromInstanceProfile: removeRole,
  ListInstanceProfilesForRole: listForRole,
  ListInstanceProfileTags: (rt: Runtime, input: ListInstanceProfileTagsRequest) => ({
    Tags: findProfile(rt, input.InstanceProfileName).tags,
    IsTruncated: false,
  }),
  TagInstanceProfile: (rt: Runtime, input: TagInstanceProfileRequest) => {
    const profile = findProfile(rt, input.InstanceProfileName);
    profile.tags = iamTags(input.Tags, profile.tags);
    rt.changed();
    return {};
  },
};
