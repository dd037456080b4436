import { findImage } from '../ec2/images.js';
import type { LaunchSpec } from '../ec2/fleet.js';
import { instanceType } from '../ec2/instance-types.js';
import { templateVersion } from '../ec2/launch-templates.js';
import { tagsFor } from '../ec2/filters.js';
import type { Runtime } from '../runtime.js';
import { publicParameters } from '../ssm/public-parameters.js';
import type { AutoScalingGroup, InstanceProfile, Tag } from '../world.js';

/** Why a launch cannot happen, in EC2's words (an activity's StatusMessage, or a ValidationError). */
export class LaunchRefused extends Error {}

type TemplateData = {
  ImageId?: string;
  InstanceType?: string;
  UserData?: string;
  SecurityGroupIds?: string[];
  IamInstanceProfile?: { Name?: string; Arn?: string };
  MetadataOptions?: { HttpTokens?: string; HttpPutResponseHopLimit?: number; HttpEndpoint?: string };
  TagSpecifications?: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[];
};

/**
 * The instance profile a template names, refused as EC2 refuses it: unknown, without a role, or so
 * new that IAM has not propagated it yet (eventual consistency: a caller retries this one).
 */
export function checkProfile(rt: Runtime, ref: TemplateData['IamInstanceProfile']): InstanceProfile | undefined {
  if (!ref?.Name && !ref?.Arn) return undefined;
  const byArn = ref.Arn !== undefined;
  const profile = rt.world.iam.instanceProfiles.find((p) => (byArn ? p.arn === ref.Arn : p.name === ref.Name));
  if (!profile || profile.roleNames.length === 0 || Date.now() < profile.settlesAt) {
    throw new LaunchRefused(
      byArn
        ? `Value (${ref.Arn ?? ''}) for parameter iamInstanceProfile.arn is invalid. Invalid IAM Instance Profile ARN`
        : `Value (${ref.Name ?? ''}) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name`,
    );
  }
  return profile;
}

/** The template data of the group's launch template version, or a refusal naming what is missing. */
export function groupTemplateData(rt: Runtime, group: AutoScalingGroup): TemplateData {
  const template = rt.world.ec2.launchTemplates.find((t) => t.id === group.launchTemplate.id);
  if (!template)
    throw new LaunchRefused(
      `The specified launch template, with template ID ${group.launchTemplate.id}, does not exist.`,
    );
  const version = templateVersion(template, group.launchTemplate.version);
  if (!version)
    throw new LaunchRefused(
      `The specified launch template, with template ID ${template.id}, version ${group.launchTemplate.version}, does not exist.`,
    );
  return version.data;
}

function resolveImage(imageId: string | undefined): string | undefined {
  if (!imageId?.startsWith('resolve:ssm:')) return imageId;
  return publicParameters().get(imageId.slice('resolve:ssm:'.length))?.value;
}

/** Everything one launch of `group` into `subnetId` needs, or LaunchRefused with EC2's reason. */
export function launchSpec(rt: Runtime, group: AutoScalingGroup, subnetId: string): LaunchSpec {
  const data = groupTemplateData(rt, group);
  const imageId = resolveImage(data.ImageId);
  const image = findImage(imageId);
  if (!image) throw new LaunchRefused(`The image id '[${imageId ?? ''}]' does not exist`);
  const typeName = data.InstanceType ?? '';
  const type = instanceType(typeName);
  if (!type) throw new LaunchRefused(`The specified instance type '${typeName}' does not exist or is not supported`);
  if (type.architecture !== image.architecture)
    throw new LaunchRefused(
      `The architecture '${type.architecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    );
  const profile = checkProfile(rt, data.IamInstanceProfile);
  const subnet = rt.world.ec2.subnets.find((s) => s.id === subnetId);
  const groups = data.SecurityGroupIds?.length
    ? data.SecurityGroupIds
    : rt.world.ec2.securityGroups.filter((g) => g.name === 'default' && g.vpcId === subnet?.vpcId).map((g) => g.id);
  for (const id of groups) {
    const found = rt.world.ec2.securityGroups.find((g) => g.id === id);
    if (!found) throw new LaunchRefused(`The security group '${id}' does not exist`);
    if (found.vpcId !== subnet?.vpcId)
      throw new LaunchRefused(`Security group ${id} and subnet ${subnetId} belong to different networks.`);
  }
  const propagated: Tag[] = group.tags.filter((t) => t.PropagateAtLaunch).map((t) => ({ Key: t.Key, Value: t.Value }));
  const fromTemplate = tagsFor(data.TagSpecifications, 'instance');
  const tags = [...fromTemplate, ...propagated].filter((t, n, all) => all.findLastIndex((o) => o.Key === t.Key) === n);
  return {
    subnetId,
    securityGroupIds: groups,
    instanceType: typeName,
    imageId: image.id,
    architecture: image.architecture,
    userData: data.UserData,
    iamInstanceProfileArn: profile?.arn,
    metadataOptions: {
      httpTokens: data.MetadataOptions?.HttpTokens ?? 'required',
      httpPutResponseHopLimit: data.MetadataOptions?.HttpPutResponseHopLimit ?? 2,
      httpEndpoint: data.MetadataOptions?.HttpEndpoint ?? 'enabled',
    },
    launchTemplate: {
      id: group.launchTemplate.id,
      name: group.launchTemplate.name,
      version: group.launchTemplate.version,
    },
    autoScalingGroupName: group.name,
    protectedFromScaleIn: group.newInstancesProtectedFromScaleIn,
    tags: [...tags, { Key: 'aws:autoscaling:groupName', Value: group.name }],
  };
}
