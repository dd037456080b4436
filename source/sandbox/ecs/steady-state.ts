import type { ServiceRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/**
 * Writes "has reached a steady state." (and completes the rollout) the moment the service has one
 * deployment whose tasks are all RUNNING and as many as desired; any change makes it unsteady again.
 */
export function checkSteady(world: EcsWorld, service: ServiceRecord): void {
  const primary = service.deployments[0];
  const tasks = world.tasksOf(service).filter((t) => t.lastStatus !== 'STOPPED');
  const steady =
    service.deployments.length === 1 &&
    tasks.length === service.desiredCount &&
    tasks.every((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
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
  world.addEvent(service, 'has reached a steady state.');
}
