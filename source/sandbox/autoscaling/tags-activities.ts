import type {
  CreateOrUpdateTagsType,
  DeleteTagsType,
  DescribeScalingActivitiesType,
  DescribeTagsType,
} from '@aws-sdk/client-auto-scaling';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import { validation } from './errors.js';
import { findGroup } from './groups.js';
import { renderActivity } from './render.js';

function describeActivities(rt: Runtime, input: DescribeScalingActivitiesType) {
  if (input.AutoScalingGroupName !== undefined) findGroup(rt, input.AutoScalingGroupName);
  const all = rt.world.autoScaling.activities
    .filter((a) => input.AutoScalingGroupName === undefined || a.groupName === input.AutoScalingGroupName)
    .filter((a) => !input.ActivityIds?.length || input.ActivityIds.includes(a.id))
    .reverse();
  const { page, next } = paginate(all, input.NextToken, input.MaxRecords, { min: 1, max: 100 });
  return {
    Activities: page.map((a) =>
      renderActivity(
        rt.world.autoScaling.groups.find((g) => g.name === a.groupName),
        a,
      ),
    ),
    NextToken: next,
  };
}

function createOrUpdateTags(rt: Runtime, input: CreateOrUpdateTagsType) {
  for (const tag of input.Tags ?? []) {
    if (tag.ResourceType !== undefined && tag.ResourceType !== 'auto-scaling-group')
      throw validation(`Invalid resource type: ${tag.ResourceType}`);
    const group = findGroup(rt, tag.ResourceId);
    group.tags = [
      ...group.tags.filter((t) => t.Key !== tag.Key),
      { Key: tag.Key ?? '', Value: tag.Value ?? '', PropagateAtLaunch: tag.PropagateAtLaunch ?? false },
    ];
  }
  rt.changed();
  return {};
}

function deleteTags(rt: Runtime, input: DeleteTagsType) {
  for (const tag of input.Tags ?? []) {
    const group = findGroup(rt, tag.ResourceId);
    group.tags = group.tags.filter((t) => t.Key !== tag.Key);
  }
  rt.changed();
  return {};
}

function describeTags(rt: Runtime, input: DescribeTagsType) {
  let tags = rt.world.autoScaling.groups.flatMap((g) =>
    g.tags.map((t) => ({ ResourceId: g.name, ResourceType: 'auto-scaling-group', ...t })),
  );
  for (const filter of input.Filters ?? []) {
    const values = filter.Values ?? [];
    const field = {
      'auto-scaling-group': 'ResourceId',
      key: 'Key',
      value: 'Value',
      'propagate-at-launch': 'PropagateAtLaunch',
    }[filter.Name ?? ''] as 'ResourceId' | 'Key' | 'Value' | 'PropagateAtLaunch' | undefined;
    if (!field) throw validation(`Filter name '${filter.Name ?? ''}' is not supported.`);
    tags = tags.filter((t) => values.includes(String(t[field])));
  }
  const { page, next } = paginate(tags, input.NextToken, input.MaxRecords, { min: 1, max: 100 });
  return { Tags: page, NextToken: next };
}

/** Scaling activities (newest first) and group tags. */
export const tagActivityOperations = {
  DescribeScalingActivities: describeActivities,
  CreateOrUpdateTags: createOrUpdateTags,
  DeleteTags: deleteTags,
  DescribeTags: describeTags,
};
