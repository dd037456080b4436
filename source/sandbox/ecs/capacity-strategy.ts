import { ecsErrors } from './errors.js';
import type { Input } from './input.js';
import type { ClusterRecord, StrategyItemRecord } from './model.js';

/** ECS's limits on a capacity provider strategy. */
const maxItems = 20;
const maxWeight = 1000;
const maxBase = 100_000;

/**
 * Reads a capacity provider strategy (`capacityProviderStrategy`, `defaultCapacityProviderStrategy`)
 * as ECS checks it: each item names a provider, weight 0-1000 (0 by default), base 0-100000 (0 by
 * default), at most one item with a base, no provider twice. Throws InvalidParameterException.
 */
export function readCapacityStrategy(input: Input, field: string): StrategyItemRecord[] {
  const items = input.objects(field).map((item) => ({
    capacityProvider: item.string('capacityProvider', 'The capacity provider name can not be blank.'),
    weight: item.optionalInteger('weight') ?? 0,
    base: item.optionalInteger('base') ?? 0,
  }));
  if (items.length > maxItems)
    throw ecsErrors.invalidParameter(
      `A capacity provider strategy can contain at most ${maxItems} capacity providers.`,
    );
  for (const item of items) {
    if (item.weight < 0 || item.weight > maxWeight)
      throw ecsErrors.invalidParameter(`The weight of a capacity provider must be between 0 and ${maxWeight}.`);
    if (item.base < 0 || item.base > maxBase)
      throw ecsErrors.invalidParameter(`The base of a capacity provider must be between 0 and ${maxBase}.`);
  }
  if (items.filter((i) => i.base > 0).length > 1)
    throw ecsErrors.invalidParameter(
      'The specified capacity provider strategy cannot contain more than one capacity provider with a base value greater than zero. Specify a valid capacity provider strategy and try again.',
    );
  if (new Set(items.map((i) => i.capacityProvider)).size !== items.length)
    throw ecsErrors.invalidParameter(
      'The specified capacity provider strategy cannot contain duplicate capacity providers. Specify a valid capacity provider strategy and try again.',
    );
  return items;
}

/** Throws ECS's error unless every provider of the strategy is attached to the cluster. */
export function requireAttached(cluster: ClusterRecord, strategy: readonly StrategyItemRecord[]): void {
  const attached = new Set(cluster.capacityProviders ?? []);
  if (strategy.some((item) => !attached.has(item.capacityProvider))) throw ecsErrors.notAssociated();
}

/** A strategy as ECS returns it (every field present). */
export function renderStrategy(strategy: readonly StrategyItemRecord[] | undefined): Record<string, unknown>[] {
  return (strategy ?? []).map((i) => ({ capacityProvider: i.capacityProvider, weight: i.weight, base: i.base }));
}

/**
 * What a new service runs on, as CreateService decides: `launchType` and `capacityProviderStrategy`
 * are mutually exclusive; a strategy may name only providers attached to the cluster; with neither,
 * the cluster's default strategy applies, else launch type EC2 (undefined). The sandbox runs EC2 only.
 */
export function serviceCapacity(input: Input, cluster: ClusterRecord): StrategyItemRecord[] | undefined {
  const launchType = input.optionalString('launchType');
  const strategy = readCapacityStrategy(input, 'capacityProviderStrategy');
  if (launchType !== undefined && strategy.length > 0)
    throw ecsErrors.invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  if (launchType !== undefined) {
    if (launchType !== 'EC2')
      throw ecsErrors.invalidParameter(`The sandbox runs the EC2 launch type only, not ${launchType}.`);
    return undefined;
  }
  const chosen = strategy.length > 0 ? strategy : (cluster.defaultCapacityProviderStrategy ?? []);
  if (chosen.length === 0) return undefined;
  requireAttached(cluster, chosen);
  if (chosen.every((item) => item.weight === 0 && item.base === 0))
    throw ecsErrors.invalidParameter(
      'The specified capacity provider strategy must contain at least one capacity provider with a weight greater than zero.',
    );
  return chosen.map((item) => ({ ...item }));
}

/**
 * UpdateService's `capacityProviderStrategy`: the providers must be attached to the cluster, and
 * ECS demands `forceNewDeployment` to change it (also from a launch type); an empty list goes back
 * to the cluster's default strategy, else launch type EC2. Validates, then sets it on `service`.
 */
export function updateServiceCapacity(
  input: Input,
  cluster: ClusterRecord,
  service: { capacityProviderStrategy?: StrategyItemRecord[] },
): void {
  if (!input.has('capacityProviderStrategy')) return;
  const given = readCapacityStrategy(input, 'capacityProviderStrategy');
  const chosen = given.length > 0 ? given : (cluster.defaultCapacityProviderStrategy ?? []);
  requireAttached(cluster, chosen);
  const same = JSON.stringify(chosen) === JSON.stringify(service.capacityProviderStrategy ?? []);
  if (!same && input.optionalBoolean('forceNewDeployment') !== true)
    throw ecsErrors.invalidParameter(
      'When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.',
    );
  if (chosen.length > 0) service.capacityProviderStrategy = chosen.map((item) => ({ ...item }));
  else delete service.capacityProviderStrategy;
}
