import type { AddTagsInput, DescribeTagsInput, RemoveTagsInput } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import type { Runtime } from '../runtime.js';
import type { Tag } from '../world.js';
import { findListener, findLb, findRule, findTg } from './lookup.js';

function holder(rt: Runtime, arn: string): { tags: Tag[] } {
  if (arn.includes(':targetgroup/')) return findTg(rt, arn);
  if (arn.includes(':listener-rule/')) return findRule(rt, arn);
  if (arn.includes(':listener/')) return findListener(rt, arn);
  if (arn.includes(':loadbalancer/')) return findLb(rt, arn);
  throw new SandboxError('ValidationError', `'${arn}' is not a valid resource ARN`);
}

/** ELBv2 AddTags: keys already present get the new value. */
export function addTags(rt: Runtime, input: AddTagsInput) {
  const keys = (input.Tags ?? []).map((t) => t.Key);
  if (new Set(keys).size < keys.length) throw new SandboxError('DuplicateTagKeys', 'Tag keys must be unique');
  for (const arn of input.ResourceArns ?? []) {
    const h = holder(rt, arn);
    for (const tag of input.Tags ?? [])
      h.tags = [...h.tags.filter((t) => t.Key !== tag.Key), { Key: tag.Key ?? '', Value: tag.Value ?? '' }];
    if (h.tags.length > 50)
      throw new SandboxError('TooManyTags', 'You have reached the limit on the number of tags for this resource');
  }
  rt.changed();
  return {};
}

/** ELBv2 DescribeTags for up to 20 resources. */
export function describeTags(rt: Runtime, input: DescribeTagsInput) {
  const arns = input.ResourceArns ?? [];
  if (arns.length > 20) throw new SandboxError('ValidationError', 'At most 20 resource ARNs can be specified');
  return { TagDescriptions: arns.map((arn) => ({ ResourceArn: arn, Tags: holder(rt, arn).tags })) };
}

/** ELBv2 RemoveTags. */
export function removeTags(rt: Runtime, input: RemoveTagsInput) {
  for (const arn of input.ResourceArns ?? []) {
    const h = holder(rt, arn);
    h.tags = h.tags.filter((t) => !input.TagKeys?.includes(t.Key));
  }
  rt.changed();
  return {};
}
