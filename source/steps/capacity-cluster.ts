import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DeleteCapacityProviderCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeClustersCommand,
  ListContainerInstancesCommand,
  PutClusterCapacityProvidersCommand,
} from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/errors.js';
import { findCapacityProvider, findCluster } from '../aws/find-owned-capacity.js';
import { stackNames } from '../aws/names.js';
import { retryWhile } from '../aws/retry.js';
import { ecsStackTags } from '../aws/tags.js';
import { claimFound } from './capacity-own.js';
import { shownWait } from './shown-wait.js';
import type { RecordResource, ResourceTeardownOutcome, StepDeps } from './types.js';

const finder = (deps: StepDeps) => ({ clients: deps.clients, stack: deps.stack, signal: deps.signal });

/** The cluster `<stack>-cluster` (CreateCluster returns an existing one of that name: it is claimed first). */
export async function ensureCluster(deps: StepDeps, record: RecordResource): Promise<string> {
  const name = stackNames(deps.stack).cluster;
  const existing = claimFound(await findCluster(finder(deps)), deps.stack, 'ECS cluster');
  let arn = existing?.id;
  if (!arn) {
    const out = await deps.clients.ecs.send(
      new CreateClusterCommand({ clusterName: name, tags: ecsStackTags(deps.stack) }),
      { abortSignal: deps.signal },
    );
    arn = out.cluster?.clusterArn;
  }
  if (!arn) throw new Error(`CreateCluster ${name} returned no ARN`);
  record({ kind: 'ecs-cluster', id: arn, label: name }, existing !== undefined);
  return arn;
}

/**
 * The capacity provider `<stack>-cp` on the group, with managed scaling and managed termination
 * protection, then made the cluster's only provider and default strategy.
 */
export async function ensureCapacityProvider(
  deps: StepDeps,
  groupArn: string,
  record: RecordResource,
): Promise<string> {
  const { capacityProvider: name, cluster } = stackNames(deps.stack);
  const existing = claimFound(await findCapacityProvider(finder(deps)), deps.stack, 'capacity provider');
  if (!existing) {
    try {
      await deps.clients.ecs.send(
        new CreateCapacityProviderCommand({
          name,
          autoScalingGroupProvider: {
            autoScalingGroupArn: groupArn,
            managedScaling: { status: 'ENABLED', targetCapacity: 100 },
            managedTerminationProtection: 'ENABLED',
          },
          tags: ecsStackTags(deps.stack),
        }),
        { abortSignal: deps.signal },
      );
    } catch (error) {
      // A retried create whose first answer was lost finds the provider made already: adopted below if ours.
      if (!(isAwsError(error, 'ClientException') && error instanceof Error && /already exists/.test(error.message)))
        throw error;
    }
  }
  const found = claimFound(await findCapacityProvider(finder(deps)), deps.stack, 'capacity provider');
  if (!found) throw new Error(`capacity provider ${name} is not there after its create call`);
  record({ kind: 'capacity-provider', id: found.id, label: name, details: { name, cluster } }, existing !== undefined);
  await retryWhile(
    `cluster ${cluster} to take capacity provider ${name}`,
    ['UpdateInProgress'],
    () =>
      deps.clients.ecs.send(
        new PutClusterCapacityProvidersCommand({
          cluster,
          capacityProviders: [name],
          defaultCapacityProviderStrategy: [{ capacityProvider: name, weight: 1, base: 0 }],
        }),
        { abortSignal: deps.signal },
      ),
    deps,
    'the cluster is still applying an earlier capacity provider change',
  );
  return name;
}

/**
 * Takes the provider off its cluster (keeping any other provider there), deletes it and waits
 * until ECS reports it gone.
 */
export async function deleteCapacityProvider(
  name: string,
  cluster: string,
  deps: StepDeps,
): Promise<ResourceTeardownOutcome> {
  try {
    const found = await findCapacityProvider(finder(deps));
    if (!found) return 'already-gone';
    if (found.taggedFor !== deps.stack) return 'not-ours';
    const out = await deps.clients.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }), {
      abortSignal: deps.signal,
    });
    const current = out.clusters?.find((c) => c.status !== 'INACTIVE');
    if (current?.capacityProviders?.includes(name)) {
      await retryWhile(
        `cluster ${cluster} to let go of capacity provider ${name}`,
        ['UpdateInProgress', 'ResourceInUse'],
        () =>
          deps.clients.ecs.send(
            new PutClusterCapacityProvidersCommand({
              cluster,
              capacityProviders: (current.capacityProviders ?? []).filter((p) => p !== name),
              defaultCapacityProviderStrategy: (current.defaultCapacityProviderStrategy ?? []).filter(
                (s) => s.capacityProvider !== name,
              ),
            }),
            { abortSignal: deps.signal },
          ),
        deps,
        'a service or task set still uses it, or the cluster is still updating',
      );
    }
    await retryWhile(
      `capacity provider ${name} to accept its deletion`,
      ['UpdateInProgress', 'ResourceInUse'],
      () =>
        deps.clients.ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: name }), {
          abortSignal: deps.signal,
        }),
      deps,
      'a service or the cluster still uses it',
    );
  } catch (error) {
    if (isAwsError(error, 'ClusterNotFoundException', 'CapacityProviderNotFound')) return 'already-gone';
    throw new Error(`delete capacity provider ${name}`, { cause: error });
  }
  try {
    await shownWait<boolean>(deps, {
      step: 'capacity',
      id: 'capacity-provider-deleted',
      what: `capacity provider ${name} to be deleted`,
      usually: 'usually under 1 min',
      async check() {
        const gone = (await findCapacityProvider(finder(deps))) === undefined;
        return { done: gone, value: gone, progress: gone ? 'deleted' : 'DELETE_IN_PROGRESS' };
      },
    });
  } catch (cause) {
    throw new Error(`wait for capacity provider ${name} to be deleted`, { cause });
  }
  return 'deleted';
}

async function deregisterLeft(cluster: string, deps: StepDeps): Promise<number> {
  let count = 0;
  for (const status of ['ACTIVE', 'DRAINING'] as const) {
    const out = await deps.clients.ecs.send(new ListContainerInstancesCommand({ cluster, status }), {
      abortSignal: deps.signal,
    });
    for (const arn of out.containerInstanceArns ?? []) {
      await deps.clients.ecs.send(
        new DeregisterContainerInstanceCommand({ cluster, containerInstance: arn, force: true }),
        {
          abortSignal: deps.signal,
        },
      );
      count++;
    }
  }
  return count;
}

/**
 * Deregisters any container instance left, then deletes the cluster, retrying (bounded) while ECS
 * still counts instances, a capacity provider or an update on it.
 */
export async function deleteCluster(name: string, deps: StepDeps): Promise<ResourceTeardownOutcome> {
  try {
    const found = await findCluster(finder(deps));
    if (!found) return 'already-gone';
    if (found.taggedFor !== deps.stack) return 'not-ours';
    await retryWhile(
      `cluster ${name} to be deletable`,
      [
        'ClusterContainsContainerInstancesException',
        'ClusterContainsCapacityProviderException',
        'UpdateInProgressException',
        'ClusterContainsTasksException',
      ],
      async () => {
        const left = await deregisterLeft(name, deps);
        if (left > 0)
          deps.emit({
            type: 'log',
            step: 'capacity',
            message: `deregistered ${left} container instance(s) left in ${name}`,
          });
        return deps.clients.ecs.send(new DeleteClusterCommand({ cluster: name }), { abortSignal: deps.signal });
      },
      deps,
      'container instances are still draining or a capacity provider is still attached',
      (attempt, error) =>
        deps.emit({
          type: 'log',
          step: 'capacity',
          message: `cluster ${name} not deletable yet (${error instanceof Error ? error.name : 'busy'}), retry ${attempt}`,
        }),
    );
    return 'deleted';
  } catch (error) {
    if (isAwsError(error, 'ClusterNotFoundException')) return 'already-gone';
    throw new Error(`delete ECS cluster ${name}`, { cause: error });
  }
}
