import { renderStrategy } from './capacity-strategy.js';
import type { ServiceRecord, TaskRecord } from './model.js';
import { seconds } from './render.js';
import type { EcsWorld } from './ecs-world.js';

function counts(tasks: TaskRecord[]): { runningCount: number; pendingCount: number } {
  return {
    runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingCount: tasks.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING').length,
  };
}

/** A service shows either its launch type or its capacity provider strategy, never both. */
function launchOrStrategy(service: ServiceRecord): Record<string, unknown> {
  return service.capacityProviderStrategy?.length
    ? { capacityProviderStrategy: renderStrategy(service.capacityProviderStrategy) }
    : { launchType: 'EC2' };
}

/**
 * A Service as DescribeServices returns it. runningCount / pendingCount follow the tasks'
 * lastStatus (a draining task is still RUNNING), per service and per deployment; events newest first.
 */
export function renderService(world: EcsWorld, service: ServiceRecord, withTags: boolean): Record<string, unknown> {
  const tasks = world.tasksOf(service).filter((t) => t.lastStatus !== 'STOPPED');
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    ...counts(tasks),
    ...launchOrStrategy(service),
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: service.deploymentCircuitBreaker ?? { enable: false, rollback: false },
      maximumPercent: service.maximumPercent,
      minimumHealthyPercent: service.minimumHealthyPercent,
    },
    deployments: service.deployments.map((d) => ({
      id: d.id,
      status: d.status,
      taskDefinition: d.taskDefinitionArn,
      desiredCount: d.desiredCount,
      ...counts(tasks.filter((t) => t.deploymentId === d.id)),
      failedTasks: d.failedTasks ?? 0,
      createdAt: seconds(d.createdAt),
      updatedAt: seconds(d.updatedAt),
      ...launchOrStrategy(service),
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    })),
    ...(service.roleArn ? { roleArn: service.roleArn } : {}),
    events: service.events
      .slice()
      .reverse()
      .map((e) => ({ id: e.id, createdAt: seconds(e.createdAt), message: e.message })),
    createdAt: seconds(service.createdAt),
    placementConstraints: [],
    placementStrategy: service.placementStrategy ?? [],
    ...(service.healthCheckGracePeriodSeconds === undefined
      ? {}
      : { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds }),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    ...(withTags ? { tags: world.state.tags[service.arn] ?? [] } : {}),
    createdBy: `arn:aws:iam::${world.ctx.accountId}:root`,
    enableECSManagedTags: service.enableECSManagedTags,
    propagateTags: service.propagateTags,
    enableExecuteCommand: service.enableExecuteCommand,
    availabilityZoneRebalancing: 'DISABLED',
  };
}
