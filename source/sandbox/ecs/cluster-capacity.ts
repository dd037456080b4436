import { uuid } from './arns.js';
import { requireAttached } from './capacity-strategy.js';
import { ecsErrors } from './errors.js';
import type { CapacityProviderRecord, ClusterRecord, StrategyItemRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';
import type { Scheduler } from './scheduler.js';
import type { Timing } from './timing.js';

/** What a capacity update needs: the state, a sleep that ends with the sandbox, and ECS's delays. */
export type CapacityDeps = { world: EcsWorld; scheduler: Scheduler; timing: Timing };

/** Whether the provider is ACTIVE and not being deleted (it may be attached or used). */
export function usable(provider: CapacityProviderRecord): boolean {
  return provider.status === 'ACTIVE' && provider.updateStatus !== 'DELETE_IN_PROGRESS';
}

/** The ACTIVE cluster the capacity provider is attached to, if any. */
export function clusterOf(deps: CapacityDeps, name: string): ClusterRecord | undefined {
  return deps.world.state.clusters.find((c) => c.status === 'ACTIVE' && (c.capacityProviders ?? []).includes(name));
}

function checkProviders(deps: CapacityDeps, cluster: ClusterRecord, names: readonly string[]): void {
  if (new Set(names).size !== names.length)
    throw ecsErrors.invalidParameter('The specified capacity providers cannot contain duplicates.');
  for (const name of names) {
    if (name === 'FARGATE' || name === 'FARGATE_SPOT')
      throw ecsErrors.invalidParameter(`The sandbox runs the EC2 launch type only, not the ${name} capacity provider.`);
    const provider = deps.world.state.capacityProviders.find((p) => p.name === name && usable(p));
    if (!provider)
      throw ecsErrors.invalidParameter(
        `The specified capacity provider ${name} does not exist. Specify a valid capacity provider and try again.`,
      );
    const other = clusterOf(deps, name);
    if (other && other.arn !== cluster.arn)
      throw ecsErrors.invalidParameter(
        `The specified capacity provider ${name} is already associated with cluster ${other.name}. A capacity provider can only be associated with one cluster.`,
      );
  }
}

/**
 * Sets the cluster's capacity providers and default strategy, as CreateCluster and
 * PutClusterCapacityProviders do (the list is replaced, not merged): checks every provider exists
 * and is free, that the strategy uses only attached ones and that no live service's strategy loses
 * its provider (ResourceInUseException); then the managed scaling `as_policy` attachments update
 * (UPDATE_IN_PROGRESS, then UPDATE_COMPLETE after a few AWS-seconds). While that runs a second
 * update, or deleting the cluster, gets UpdateInProgressException.
 */
export function setCapacityProviders(
  deps: CapacityDeps,
  cluster: ClusterRecord,
  names: readonly string[],
  strategy: readonly StrategyItemRecord[],
): void {
  const { world } = deps;
  if (cluster.attachmentsUpdating) throw ecsErrors.updateInProgress();
  checkProviders(deps, cluster, names);
  const next = { ...cluster, capacityProviders: [...names] };
  requireAttached(next, strategy);
  const kept = new Set(names);
  const inUse = world.state.services.some(
    (s) =>
      s.clusterArn === cluster.arn &&
      s.status !== 'INACTIVE' &&
      (s.capacityProviderStrategy ?? []).some((i) => !kept.has(i.capacityProvider)),
  );
  if (inUse) throw ecsErrors.resourceInUse();
  const before = new Set(cluster.capacityProviders ?? []);
  const attachments = (cluster.attachments ?? []).map((a) =>
    kept.has(a.capacityProviderName) ? a : { ...a, status: 'DELETING' as const },
  );
  for (const name of names) {
    const provider = world.state.capacityProviders.find((p) => p.name === name && usable(p));
    if (before.has(name) || provider?.managedScaling.status !== 'ENABLED') continue;
    attachments.push({
      id: uuid(),
      capacityProviderName: name,
      scalingPolicyName: `ECSManagedAutoScalingPolicy-${uuid()}`,
      status: 'PRECREATED',
    });
  }
  cluster.capacityProviders = [...names];
  cluster.defaultCapacityProviderStrategy = strategy.map((i) => ({ ...i }));
  cluster.attachments = attachments;
  cluster.attachmentsUpdating = true;
  world.changed();
  void deps.scheduler.runner.sleep(deps.timing.capacityUpdateMs).then((slept) => {
    if (slept) finishUpdate(deps, cluster);
  });
}

/** The attachments update completes: new policies ACTIVE, removed ones gone, UPDATE_COMPLETE. */
export function finishUpdate(deps: CapacityDeps, cluster: ClusterRecord): void {
  if (!cluster.attachmentsUpdating) return;
  cluster.attachments = (cluster.attachments ?? [])
    .filter((a) => a.status !== 'DELETING')
    .map((a) => ({ ...a, status: 'ACTIVE' as const }));
  cluster.attachmentsUpdating = false;
  deps.world.changed();
}
