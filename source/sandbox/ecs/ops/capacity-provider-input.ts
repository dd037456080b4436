import type { EcsWorld } from '../ecs-world.js';
import { ecsErrors } from '../errors.js';
import type { Input } from '../input.js';
import type { CapacityProviderRecord, Tag } from '../model.js';
import { readTags } from './operation.js';

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
 * Reads CreateCapacityProvider's input as ECS checks it: the name (no `aws`, `ecs` or `fargate`
 * prefix, not taken), the Auto Scaling group (must exist, by ARN or name, and not be another
 * provider's), managed scaling's bounds, and managed termination protection (needs managed scaling
 * and the group's NewInstancesProtectedFromScaleIn). Throws AWS's errors; returns the new record.
 */
export function readCapacityProvider(world: EcsWorld, input: Input): { record: CapacityProviderRecord; tags: Tag[] } {
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
    throw ecsErrors.invalidParameter('The minimumScalingStepSize can not be greater than the maximumScalingStepSize.');
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
  return { record, tags };
}
