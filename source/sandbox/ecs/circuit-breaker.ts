import { deploymentId } from './arns.js';
import type { DeploymentRecord, ServiceRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/**
 * The failed-task count at which the deployment circuit breaker trips, as ECS documents it:
 * half the desired count (rounded up), at least 3 and at most 200.
 */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

/** A new PRIMARY deployment of `taskDefinitionArn` (the others turn ACTIVE), as UpdateService and rollbacks start one. */
export function startDeployment(
  world: EcsWorld,
  service: ServiceRecord,
  taskDefinitionArn: string,
  rolloutStateReason = 'ECS deployment in progress.',
): DeploymentRecord {
  const now = world.now();
  for (const d of service.deployments) {
    d.status = 'ACTIVE';
    d.updatedAt = now;
  }
  const deployment: DeploymentRecord = {
    id: deploymentId(),
    status: 'PRIMARY',
    taskDefinitionArn,
    desiredCount: service.desiredCount,
    createdAt: now,
    updatedAt: now,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason,
    failedTasks: 0,
  };
  service.taskDefinitionArn = taskDefinitionArn;
  service.deployments.unshift(deployment);
  service.steady = false;
  return deployment;
}

/**
 * Counts a task of `deployment` that failed to start or failed its health checks. While the
 * rollout is IN_PROGRESS and the service's circuit breaker is on, reaching the threshold fails the
 * deployment (it launches no more tasks) and, with rollback, starts a deployment of the last
 * completed revision; the service events say so in ECS's words.
 */
export function countFailedTask(world: EcsWorld, service: ServiceRecord, deployment: DeploymentRecord): void {
  deployment.failedTasks = (deployment.failedTasks ?? 0) + 1;
  deployment.updatedAt = world.now();
  const breaker = service.deploymentCircuitBreaker;
  if (!breaker?.enable || deployment.rolloutState !== 'IN_PROGRESS' || deployment.status !== 'PRIMARY') return;
  if (deployment.failedTasks < circuitBreakerThreshold(deployment.desiredCount)) return;
  deployment.rolloutState = 'FAILED';
  deployment.rolloutStateReason = 'ECS deployment circuit breaker: tasks failed to start.';
  world.addEvent(service, `(deployment ${deployment.id}) deployment failed: tasks failed to start.`);
  const target = service.lastCompleted;
  if (!breaker.rollback || !target) return;
  startDeployment(
    world,
    service,
    target.taskDefinitionArn,
    `ECS deployment circuit breaker: rolling back to deploymentId ${target.deploymentId}.`,
  );
  world.addEvent(service, `rolling back to deployment ${target.deploymentId}.`);
}
