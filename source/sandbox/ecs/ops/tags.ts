import { ecsErrors } from '../errors.js';
import type { EcsWorld } from '../ecs-world.js';
import { readTags, type Operation, type OperationDeps } from './operation.js';

/** Whether an ECS resource with this ARN exists (cluster, service, task definition, task, instance, capacity provider). */
function exists(world: EcsWorld, arn: string): boolean {
  const { state } = world;
  return (
    state.clusters.some((c) => c.arn === arn && c.status === 'ACTIVE') ||
    state.services.some((s) => s.arn === arn && s.status !== 'INACTIVE') ||
    state.taskDefinitions.some((t) => t.arn === arn) ||
    state.tasks.some((t) => t.arn === arn) ||
    state.containerInstances.some((i) => i.arn === arn) ||
    state.capacityProviders.some((p) => p.arn === arn && p.status === 'ACTIVE')
  );
}

/** TagResource, UntagResource, ListTagsForResource. */
export function tagOperations({ world }: OperationDeps): Record<string, Operation> {
  const resource = (arn: string): string => {
    if (!exists(world, arn)) throw ecsErrors.resourceNotFound();
    return arn;
  };
  return {
    TagResource: (input) => {
      const arn = resource(input.string('resourceArn', 'resourceArn can not be blank.'));
      const tags = readTags(input);
      if (tags.length === 0) throw ecsErrors.invalidParameter('Tags can not be empty.');
      const merged = new Map((world.state.tags[arn] ?? []).map((t) => [t.key, t.value]));
      for (const tag of tags) merged.set(tag.key, tag.value);
      if (merged.size > 50) throw ecsErrors.invalidParameter('A resource can have at most 50 tags.');
      world.state.tags[arn] = [...merged].map(([key, value]) => ({ key, value }));
      world.changed();
      return {};
    },

    UntagResource: (input) => {
      const arn = resource(input.string('resourceArn', 'resourceArn can not be blank.'));
      const keys = new Set(input.strings('tagKeys'));
      world.state.tags[arn] = (world.state.tags[arn] ?? []).filter((t) => !keys.has(t.key));
      world.changed();
      return {};
    },

    ListTagsForResource: (input) => {
      const arn = resource(input.string('resourceArn', 'resourceArn can not be blank.'));
      return { tags: world.state.tags[arn] ?? [] };
    },
  };
}
