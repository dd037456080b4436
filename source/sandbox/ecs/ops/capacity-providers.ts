import { readCapacityStrategy } from '../capacity-strategy.js';
import { clusterOf, setCapacityProviders, usable } from '../cluster-capacity.js';
import { ecsErrors } from '../errors.js';
import type { CapacityProviderRecord } from '../model.js';
import { paginateInput } from '../paginate.js';
import { fargateProviders, renderCapacityProvider, renderFargateProvider } from '../render-capacity-provider.js';
import { renderCluster } from '../render-cluster.js';
import { readCapacityProvider } from './capacity-provider-input.js';
import { includesTags, type Operation, type OperationDeps } from './operation.js';

/**
 * CreateCapacityProvider, DescribeCapacityProviders, DeleteCapacityProvider,
 * PutClusterCapacityProviders, for Auto Scaling group providers, with AWS's checks and messages.
 * Managed scaling is recorded and shown (the cluster's `as_policy` attachment) but ECS does not
 * scale the group here: the group keeps the capacity it was given.
 */
export function capacityProviderOperations(deps: OperationDeps): Record<string, Operation> {
  const { world } = deps;
  const find = (ref: string): CapacityProviderRecord | undefined => {
    const matches = world.state.capacityProviders.filter((p) => p.arn === ref || p.name === ref);
    return matches.find(usable) ?? matches.at(-1);
  };
  return {
    CreateCapacityProvider: (input) => {
      const { record, tags } = readCapacityProvider(world, input);
      world.state.capacityProviders = world.state.capacityProviders.filter((p) => p.name !== record.name);
      world.state.capacityProviders.push(record);
      // As on AWS, instances of the group that registered before the provider existed are not its.
      if (tags.length > 0) world.state.tags[record.arn] = tags;
      else delete world.state.tags[record.arn];
      world.changed();
      return { capacityProvider: renderCapacityProvider(world, record, true) };
    },

    DescribeCapacityProviders: (input) => {
      const withTags = includesTags(input);
      const refs = input.strings('capacityProviders');
      if (refs.length > 100)
        throw ecsErrors.invalidParameter('Too many capacityProviders. A maximum of 100 can be described at once.');
      const failures: { arn: string; reason: string }[] = [];
      const fargate = (ref: string) => fargateProviders.find((name) => ref === name || ref.endsWith(`/${name}`));
      const found: (CapacityProviderRecord | string)[] =
        refs.length === 0
          ? [...fargateProviders, ...world.state.capacityProviders.filter((p) => p.status === 'ACTIVE')]
          : refs.flatMap((ref) => {
              const provider = fargate(ref) ?? find(ref);
              if (!provider) failures.push({ arn: ref, reason: 'MISSING' });
              return provider ? [provider] : [];
            });
      const { page, nextToken } = paginateInput(found, input, { defaultSize: 10, maxSize: 10 });
      return {
        capacityProviders: page.map((p) =>
          typeof p === 'string' ? renderFargateProvider(world, p) : renderCapacityProvider(world, p, withTags),
        ),
        failures,
        ...(nextToken ? { nextToken } : {}),
      };
    },

    DeleteCapacityProvider: (input) => {
      const ref = input.string('capacityProvider', 'capacityProvider can not be blank.');
      const provider = find(ref);
      if (!provider || provider.status === 'INACTIVE')
        throw ecsErrors.invalidParameter(
          'The specified capacity provider does not exist. Specify a valid name or ARN and try again.',
        );
      if (provider.updateStatus === 'DELETE_IN_PROGRESS')
        return { capacityProvider: renderCapacityProvider(world, provider, false) };
      const cluster = clusterOf(deps, provider.name);
      if (cluster) {
        // As AWS: the call succeeds, the provider stays ACTIVE, and its update status says why.
        provider.updateStatus = 'DELETE_FAILED';
        provider.updateStatusReason = `The capacity provider cannot be deleted because it is associated with cluster: ${cluster.name}. Remove the capacity provider from the cluster and try again.`;
        world.changed();
        return { capacityProvider: renderCapacityProvider(world, provider, false) };
      }
      provider.updateStatus = 'DELETE_IN_PROGRESS';
      delete provider.updateStatusReason;
      world.changed();
      void deps.scheduler.runner.sleep(deps.timing.capacityDeleteMs).then((slept) => {
        if (slept) finishDelete(deps, provider);
      });
      return { capacityProvider: renderCapacityProvider(world, provider, false) };
    },

    PutClusterCapacityProviders: (input) => {
      const cluster = world.cluster(input.string('cluster', 'cluster can not be blank.'));
      if (!input.has('capacityProviders')) throw ecsErrors.invalidParameter('capacityProviders can not be null.');
      if (!input.has('defaultCapacityProviderStrategy'))
        throw ecsErrors.invalidParameter('defaultCapacityProviderStrategy can not be null.');
      const names = input.strings('capacityProviders');
      const strategy = readCapacityStrategy(input, 'defaultCapacityProviderStrategy');
      setCapacityProviders(deps, cluster, names, strategy);
      return { cluster: renderCluster(world, cluster, true) };
    },
  };
}

/** A deletion completes: the provider turns INACTIVE (DELETE_COMPLETE) and its group is free again. */
export function finishDelete(deps: Pick<OperationDeps, 'world'>, provider: CapacityProviderRecord): void {
  if (provider.updateStatus !== 'DELETE_IN_PROGRESS') return;
  provider.status = 'INACTIVE';
  provider.updateStatus = 'DELETE_COMPLETE';
  deps.world.changed();
}
