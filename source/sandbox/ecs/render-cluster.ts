import { renderStrategy } from './capacity-strategy.js';
import type { ClusterRecord, ContainerInstanceRecord } from './model.js';
import { liveTasks } from './render.js';
import type { EcsWorld } from './ecs-world.js';

/** What DescribeClusters' `include` asks for (CreateCluster and the like return everything but statistics). */
export type ClusterIncludes = { tags: boolean; attachments: boolean; statistics: boolean };

const live = (i: ContainerInstanceRecord) => i.status !== 'INACTIVE';

/**
 * A Cluster as DescribeClusters returns it: its counts, capacity providers and default strategy,
 * the `as_policy` attachments and their status (UPDATE_IN_PROGRESS while a capacity provider
 * update runs), and what `include` asks for.
 */
export function renderCluster(
  world: EcsWorld,
  cluster: ClusterRecord,
  include: boolean | ClusterIncludes,
): Record<string, unknown> {
  const wants = typeof include === 'boolean' ? { tags: include, attachments: include, statistics: false } : include;
  const tasks = liveTasks(world, cluster.arn);
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING').length;
  const pending = tasks.length - running;
  const services = world.state.services.filter((s) => s.clusterArn === cluster.arn);
  const active = services.filter((s) => s.status === 'ACTIVE').length;
  const attachments = cluster.attachments ?? [];
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: world.state.containerInstances.filter(
      (i) => i.clusterArn === cluster.arn && live(i),
    ).length,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: active,
    statistics: wants.statistics
      ? [
          ['runningEC2TasksCount', running],
          ['runningFargateTasksCount', 0],
          ['pendingEC2TasksCount', pending],
          ['pendingFargateTasksCount', 0],
          ['activeEC2ServiceCount', active],
          ['activeFargateServiceCount', 0],
          ['drainingEC2ServiceCount', services.filter((s) => s.status === 'DRAINING').length],
          ['drainingFargateServiceCount', 0],
        ].map(([name, value]) => ({ name, value: String(value) }))
      : [],
    tags: wants.tags ? (world.state.tags[cluster.arn] ?? []) : [],
    settings: cluster.settings ?? [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: cluster.capacityProviders ?? [],
    defaultCapacityProviderStrategy: renderStrategy(cluster.defaultCapacityProviderStrategy),
    ...(wants.attachments
      ? {
          attachments: attachments.map((a) => ({
            id: a.id,
            type: 'as_policy',
            status: a.status,
            details: [
              { name: 'capacityProviderName', value: a.capacityProviderName },
              { name: 'scalingPolicyName', value: a.scalingPolicyName },
            ],
          })),
        }
      : {}),
    ...(cluster.attachmentsUpdating !== undefined
      ? { attachmentsStatus: cluster.attachmentsUpdating ? 'UPDATE_IN_PROGRESS' : 'UPDATE_COMPLETE' }
      : {}),
  };
}
