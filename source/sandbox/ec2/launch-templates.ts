import type {
  CreateLaunchTemplateRequest,
  CreateLaunchTemplateResult,
  DeleteLaunchTemplateRequest,
  DeleteLaunchTemplateResult,
  DescribeLaunchTemplatesRequest,
  DescribeLaunchTemplatesResult,
  DescribeLaunchTemplateVersionsRequest,
  DescribeLaunchTemplateVersionsResult,
  LaunchTemplate as SdkLaunchTemplate,
} from '@aws-sdk/client-ec2';
import { SandboxError } from '../contracts.js';
import { ec2Id } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { LaunchTemplate } from '../world.js';
import { applyFilters, tagsFor } from './filters.js';

const notFoundByName = () =>
  new SandboxError(
    'InvalidLaunchTemplateName.NotFoundException',
    'At least one of the launch templates specified in the request does not exist.',
  );
const notFoundById = (id: string) =>
  new SandboxError(
    'InvalidLaunchTemplateId.NotFound',
    `The specified launch template, with template ID ${id}, does not exist.`,
  );

/** The launch template by id or name (EC2's NotFound errors otherwise). */
export function findLaunchTemplate(rt: Runtime, ref: { id?: string; name?: string }): LaunchTemplate {
  const all = rt.world.ec2.launchTemplates;
  if (ref.id) {
    const found = all.find((t) => t.id === ref.id);
    if (!found) throw notFoundById(ref.id);
    return found;
  }
  const found = all.find((t) => t.name === ref.name);
  if (!found) throw notFoundByName();
  return found;
}

/** The version `$Default`, `$Latest` or a number names (undefined when there is no such version). */
export function templateVersion(template: LaunchTemplate, version: string | undefined) {
  const number =
    version === undefined || version === '$Default'
      ? template.defaultVersion
      : version === '$Latest'
        ? template.latestVersion
        : Number(version);
  return template.versions.find((v) => v.number === number);
}

function toSdk(rt: Runtime, t: LaunchTemplate): SdkLaunchTemplate {
  return {
    LaunchTemplateId: t.id,
    LaunchTemplateName: t.name,
    CreateTime: new Date(t.createTime),
    CreatedBy: `arn:aws:iam::${rt.accountId}:user/sandbox`,
    DefaultVersionNumber: t.defaultVersion,
    LatestVersionNumber: t.latestVersion,
    Tags: t.tags,
  };
}

/** EC2 CreateLaunchTemplate: version 1 from `LaunchTemplateData`; user data must be base64. */
export function createLaunchTemplate(rt: Runtime, input: CreateLaunchTemplateRequest): CreateLaunchTemplateResult {
  const name = input.LaunchTemplateName ?? '';
  if (!/^[a-zA-Z0-9().\-/_]{3,128}$/.test(name))
    throw new SandboxError(
      'InvalidLaunchTemplateName.MalformedException',
      `A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: - ( ) . / _.'`,
    );
  if (rt.world.ec2.launchTemplates.some((t) => t.name === name))
    throw new SandboxError('InvalidLaunchTemplateName.AlreadyExistsException', `Launch template name already in use.`);
  const data = (input.LaunchTemplateData ?? {}) as Record<string, unknown>;
  const userData = typeof data.UserData === 'string' ? data.UserData : undefined;
  if (userData !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(userData.replace(/\s/g, '')))
    throw new SandboxError('InvalidUserData.Malformed', 'Invalid BASE64 encoding of user data.');
  const now = new Date().toISOString();
  const template: LaunchTemplate = {
    id: ec2Id('lt'),
    name,
    createTime: now,
    defaultVersion: 1,
    latestVersion: 1,
    versions: [{ number: 1, createTime: now, description: input.VersionDescription, data }],
    tags: tagsFor(input.TagSpecifications, 'launch-template'),
  };
  rt.world.ec2.launchTemplates.push(template);
  rt.changed();
  return { LaunchTemplate: toSdk(rt, template) };
}

/** EC2 DescribeLaunchTemplates (ids, names, filters `launch-template-name`, `tag:KEY`, ...). */
export function describeLaunchTemplates(
  rt: Runtime,
  input: DescribeLaunchTemplatesRequest,
): DescribeLaunchTemplatesResult {
  const all = rt.world.ec2.launchTemplates;
  for (const id of input.LaunchTemplateIds ?? []) findLaunchTemplate(rt, { id });
  for (const name of input.LaunchTemplateNames ?? []) findLaunchTemplate(rt, { name });
  let found = all.filter(
    (t) =>
      (!input.LaunchTemplateIds?.length || input.LaunchTemplateIds.includes(t.id)) &&
      (!input.LaunchTemplateNames?.length || input.LaunchTemplateNames.includes(t.name)),
  );
  found = applyFilters(
    found,
    input.Filters,
    { 'launch-template-name': (t) => [t.name], 'create-time': (t) => [t.createTime] },
    (t) => t.tags,
  );
  const { page, next } = paginate(found, input.NextToken, input.MaxResults, { min: 1, max: 200 });
  return { LaunchTemplates: page.map((t) => toSdk(rt, t)), NextToken: next };
}

/** EC2 DescribeLaunchTemplateVersions of one template (`$Latest`, `$Default` or numbers). */
export function describeLaunchTemplateVersions(
  rt: Runtime,
  input: DescribeLaunchTemplateVersionsRequest,
): DescribeLaunchTemplateVersionsResult {
  const template = findLaunchTemplate(rt, { id: input.LaunchTemplateId, name: input.LaunchTemplateName });
  const versions = input.Versions?.length
    ? input.Versions.map((v) => {
        const found = templateVersion(template, v);
        if (!found)
          throw new SandboxError(
            'InvalidLaunchTemplateId.VersionNotFound',
            `Could not find launch template version ${v} for launch template ${template.id}.`,
          );
        return found;
      })
    : template.versions;
  return {
    LaunchTemplateVersions: versions.map((v) => ({
      LaunchTemplateId: template.id,
      LaunchTemplateName: template.name,
      VersionNumber: v.number,
      VersionDescription: v.description,
      CreateTime: new Date(v.createTime),
      CreatedBy: `arn:aws:iam::${rt.accountId}:user/sandbox`,
      DefaultVersion: v.number === template.defaultVersion,
      LaunchTemplateData: v.data,
    })),
  };
}

/** EC2 DeleteLaunchTemplate (all versions). */
export function deleteLaunchTemplate(rt: Runtime, input: DeleteLaunchTemplateRequest): DeleteLaunchTemplateResult {
  const template = findLaunchTemplate(rt, { id: input.LaunchTemplateId, name: input.LaunchTemplateName });
  rt.world.ec2.launchTemplates = rt.world.ec2.launchTemplates.filter((t) => t !== template);
  rt.changed();
  return { LaunchTemplate: toSdk(rt, template) };
}
