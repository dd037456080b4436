import type { ServiceRecord, TaskRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/**
 * Writes "has reached a steady state." (and completes the rollout) the moment the service has one
 * deployment whose tasks are all RUNNING, healthy in their target groups (`isHealthy`) and as many
 * as desired; any change makes it unsteady again. A completed deployment is what a circuit breaker
 * rolls back to; a FAILED one stays FAILED.
 */
export function checkSteady(
  world: EcsWorld,
  service: ServiceRecord,
  isHealthy: (task: TaskRecord) => boolean = () => true,
): void {
  const primary = service.deployments[0];
  const tasks = world.tasksOf(service).filter((t) => t.lastStatus !== 'STOPPED');
  const steady =
    service.deployments.length === 1 &&
    tasks.length === service.desiredCount &&
    tasks.every((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING' && isHealthy(t));
  if (!steady || !primary) {
    service.steady = false;
    return;
  }
  if (service.steady) return;
  service.steady = true;
  if (primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    primary.updatedAt = world.now();
    world.addEvent(service, `(deployment ${primary.id}) deployment completed.`);
  }
  if (primary.rolloutState === 'COMPLETED')
    service.lastCompleted = { deploymentId: primary.id, taskDefinitionArn: primary.taskDefinitionArn };
  world.addEvent(service, 'has reached a steady state.');
}
