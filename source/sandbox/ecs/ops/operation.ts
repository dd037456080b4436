import type { Input } from '../input.js';
import type { Scheduler } from '../scheduler.js';
import type { Timing } from '../timing.js';
import type { EcsWorld } from '../ecs-world.js';

/** One ECS API operation: reads its JSON input, returns its JSON output or throws SandboxError. */
export type Operation = (input: Input) => unknown;

/** What every operation group is built from. */
export type OperationDeps = { world: EcsWorld; scheduler: Scheduler; timing: Timing };

/** Reads `include` and says whether it asks for TAGS. */
export function includesTags(input: Input): boolean {
  return input.strings('include').includes('TAGS');
}

/** Normalises tags from a request (`key`/`value` as ECS spells them). */
export function readTags(input: Input, field = 'tags'): { key: string; value: string }[] {
  return input.objects(field).map((tag) => ({
    key: tag.string('key', 'Tag keys must not be empty.'),
    value: tag.optionalString('value') ?? '',
  }));
}
