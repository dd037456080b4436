import type { CapacityProviderRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/** The Fargate providers every account has; the sandbox lists them but runs EC2 only. */
export const fargateProviders = ['FARGATE', 'FARGATE_SPOT'] as const;

/** A Fargate provider as DescribeCapacityProviders lists it (no Auto Scaling group). */
export function renderFargateProvider(world: EcsWorld, name: string): Record<string, unknown> {
  return { capacityProviderArn: world.arns.capacityProvider(name), name, status: 'ACTIVE', tags: [] };
}

/** A CapacityProvider as CreateCapacityProvider / DescribeCapacityProviders return it. */
export function renderCapacityProvider(
  world: EcsWorld,
  provider: CapacityProviderRecord,
  withTags: boolean,
): Record<string, unknown> {
  return {
    capacityProviderArn: provider.arn,
    name: provider.name,
    status: provider.status,
    autoScalingGroupProvider: {
      autoScalingGroupArn: provider.autoScalingGroupArn,
      managedScaling: { ...provider.managedScaling },
      managedTerminationProtection: provider.managedTerminationProtection,
      managedDraining: provider.managedDraining,
    },
    updateStatus: provider.updateStatus,
    ...(provider.updateStatusReason ? { updateStatusReason: provider.updateStatusReason } : {}),
    tags: withTags ? (world.state.tags[provider.arn] ?? []) : [],
    type: 'EC2_AUTOSCALING',
  };
}
