import { ecsErrors } from './errors.js';
import type { ContainerInstanceRecord } from './model.js';

/** One entry of a service's `placementStrategy`, as ECS reads it. */
export type Strategy = { type: 'spread' | 'binpack' | 'random'; field?: string };

/** ECS's default for services: spread over Availability Zones. */
export const defaultStrategies: readonly Strategy[] = [{ type: 'spread', field: 'attribute:ecs.availability-zone' }];

const MAX_STRATEGIES = 5;

/**
 * Reads `placementStrategy` as CreateService / UpdateService check it: at most 5 entries, a known
 * type; spread needs a field (`instanceId`, `host` or `attribute:NAME`), binpack `cpu` or
 * `memory`, random none. Throws ECS's InvalidParameterException.
 */
export function readStrategies(raw: readonly unknown[]): Strategy[] {
  if (raw.length > MAX_STRATEGIES)
    throw ecsErrors.invalidParameter(`The number of placement strategies must be at most ${MAX_STRATEGIES}.`);
  return raw.map((item) => {
    const { type, field } = (item ?? {}) as { type?: unknown; field?: unknown };
    if (type !== 'spread' && type !== 'binpack' && type !== 'random')
      throw ecsErrors.invalidParameter(
        `Invalid placement strategy type '${String(type)}': use random, spread or binpack.`,
      );
    if (field !== undefined && typeof field !== 'string')
      throw ecsErrors.invalidParameter('The placement strategy field must be a string.');
    if (type === 'spread' && !(field === 'instanceId' || field === 'host' || field?.startsWith('attribute:')))
      throw ecsErrors.invalidParameter(
        `Invalid spread field '${field ?? ''}': use instanceId, host or an attribute such as attribute:ecs.availability-zone.`,
      );
    if (type === 'binpack' && field !== 'cpu' && field !== 'memory')
      throw ecsErrors.invalidParameter(`Invalid binpack field '${field ?? ''}': use cpu or memory.`);
    return field === undefined || type === 'random' ? { type } : { type, field };
  });
}

/** The strategies a saved service places by (as given, or ECS's default when none were). */
export function serviceStrategies(saved: readonly unknown[] | undefined): readonly Strategy[] {
  if (!saved || saved.length === 0) return defaultStrategies;
  try {
    return readStrategies(saved);
  } catch {
    return defaultStrategies;
  }
}

/** The value a spread field has on a container instance (its attributes as DescribeContainerInstances shows them). */
export function spreadValue(instance: ContainerInstanceRecord, field: string): string | undefined {
  if (field === 'instanceId' || field === 'host') return instance.arn;
  switch (field.slice('attribute:'.length)) {
    case 'ecs.availability-zone':
      return instance.availabilityZone;
    case 'ecs.subnet-id':
      return instance.subnetId;
    case 'ecs.instance-type':
      return instance.instanceType ?? 't3.medium';
    case 'ecs.os-type':
      return 'linux';
    case 'ecs.cpu-architecture':
      return instance.architecture ?? 'x86_64';
    default:
      return undefined;
  }
}
