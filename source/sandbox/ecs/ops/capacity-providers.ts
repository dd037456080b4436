import { readCapacityStrategy } from '../capacity-strategy.js';
import { clusterOf, setCapacityProviders, usable } from '../cluster-capacity.js';
import { ecsErrors } from '../errors.js';
import type { Input } from '../input.js';
import type { CapacityProviderRecord } from '../model.js';
import { paginateInput } from '../paginate.js';
import { fargateProviders, renderCapacityProvider, renderFargateProvider } from '../render-capacity-provider.js';
import { renderCluster } from '../render-cluster.js';
import { includesTags, readTags, type Operation, type OperationDeps } from './operation.js';

const clientError = ecsErrors.client;

function bounded(input: Input | undefined, name: string, fallback: number, min: number, max: number): number {
  const value = input?.optionalInteger(name) ?? fallback;
  if (value < min || value > max) throw ecsErrors.invalidParameter(`${name} must be between ${min} and ${max}.`);
  return value;
}

function onOff(input: Input | undefined, name: string, fallback: 'ENABLED' | 'DISABLED'): 'ENABLED' | 'DISABLED' {
  const value = input?.optionalString(name) ?? fallback;
  if (value !== 'ENABLED' && value !== 'DISABLED')
    throw ecsErrors.invalidParameter(`Invalid ${name} '${value}': use ENABLED or DISABLED.`);
  return value;
}

function readName(input: Input): string {
  const name = input.string('name', 'The capacity provider name can not be blank.');
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name))
    throw ecsErrors.invalidParameter(
      'The capacity provider name can only contain letters, numbers, hyphens and underscores (up to 255).',
    );
  if (/^(aws|ecs|fargate)/i.test(name))
    throw ecsErrors.invalidParameter(
      'The specified capacity provider name is invalid. Capacity provider names cannot be prefixed with "aws", "ecs", or "fargate".',
    );
  return name;
}

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
      const name = readName(input);
      if (input.has('managedInstancesProvider') || input.has('cluster'))
        throw ecsErrors.invalidParameter('The sandbox supports Auto Scaling group capacity providers only.');
      const provider = input.optionalObject('autoScalingGroupProvider');
      if (!provider) throw ecsErrors.invalidParameter('autoScalingGroupProvider can not be null.');
      const ref = provider.string('autoScalingGroupArn', 'autoScalingGroupArn can not be blank.');
      if (world.state.capacityProviders.some((p) => p.name === name && p.status === 'ACTIVE'))
        throw clientError(
          'The specified capacity provider already exists. To change the configuration of an existing capacity provider, update the capacity provider.',
        );
      const group = world.ctx.autoScaling.describe(ref);
      if (!group)
        throw clientError(
          'The specified Auto Scaling group ARN does not exist or is not valid. Specify a valid Auto Scaling group ARN and try again.',
        );
      if (world.state.capacityProviders.some((p) => p.status === 'ACTIVE' && p.autoScalingGroupArn === group.arn))
        throw clientError(
          'The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.',
        );
      const scaling = provider.optionalObject('managedScaling');
      const managedScaling = {
        status: onOff(scaling, 'status', 'DISABLED'),
        targetCapacity: bounded(scaling, 'targetCapacity', 100, 1, 100),
        minimumScalingStepSize: bounded(scaling, 'minimumScalingStepSize', 1, 1, 10_000),
        maximumScalingStepSize: bounded(scaling, 'maximumScalingStepSize', 10_000, 1, 10_000),
        instanceWarmupPeriod: bounded(scaling, 'instanceWarmupPeriod', 300, 0, 10_000),
      };
      if (managedScaling.minimumScalingStepSize > managedScaling.maximumScalingStepSize)
        throw ecsErrors.invalidParameter(
          'The minimumScalingStepSize can not be greater than the maximumScalingStepSize.',
        );
      const protection = onOff(provider, 'managedTerminationProtection', 'DISABLED');
      if (protection === 'ENABLED' && !group.newInstancesProtectedFromScaleIn)
        throw clientError(
          'The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled.',
        );
      if (protection === 'ENABLED' && managedScaling.status !== 'ENABLED')
        throw clientError(
          'The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, managed scaling must also be enabled.',
        );
      const tags = readTags(input);
      const record: CapacityProviderRecord = {
        arn: world.arns.capacityProvider(name),
        name,
        status: 'ACTIVE',
        autoScalingGroupArn: group.arn,
        autoScalingGroupName: group.name,
        managedScaling,
        managedTerminationProtection: protection,
        managedDraining: onOff(provider, 'managedDraining', 'ENABLED'),
        updateStatus: 'CREATE_COMPLETE',
        createdAt: world.now(),
      };
      world.state.capacityProviders = world.state.capacityProviders.filter((p) => p.name !== name);
      world.state.capacityProviders.push(record);
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
