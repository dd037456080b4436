import { countFailedTask } from './circuit-breaker.js';
import type { ServiceRecord, TaskRecord } from './model.js';
import type { TaskHealth, TargetHealthEvent } from './task-health.js';
import type { TaskRunner } from './task-runner.js';
import type { EcsWorld } from './ecs-world.js';

/** What the replacement asks of the scheduler. */
export type ReplacementActions = {
  stopTasks(service: ServiceRecord, tasks: TaskRecord[], reason: string): void;
  reconcile(service: ServiceRecord): void;
};

/**
 * ECS's answer to target health: a change may let the rollout move on; an unhealthy target makes
 * ECS stop (drain) and replace its task once the service's health check grace period is over,
 * writing ECS's event and counting a failed task of its deployment (the circuit breaker's count).
 * A task made unhealthy by the `task-unhealthy` fault is left running, so tests can inspect it.
 */
export class HealthReplacement {
  constructor(
    private readonly world: EcsWorld,
    private readonly health: TaskHealth,
    private readonly runner: TaskRunner,
    private readonly actions: ReplacementActions,
  ) {
    health.watch((event) => this.onTargetHealth(event));
  }

  private onTargetHealth({ task, service }: TargetHealthEvent): void {
    const unhealthy = this.health.unhealthyTarget(task);
    if (unhealthy && !task.keptWhenUnhealthy && task.desiredStatus === 'RUNNING' && task.lastStatus === 'RUNNING') {
      // Task times are real epoch ms; the grace period is AWS time, scaled by the sandbox clock.
      const ranFor = (this.world.now() - (task.startedAt ?? 0)) * this.world.ctx.clock.timeScale;
      const wait = (service.healthCheckGracePeriodSeconds ?? 0) * 1000 - ranFor;
      if (wait > 0) {
        void this.runner.sleep(wait).then((slept) => {
          if (slept) this.onTargetHealth({ task, service, ...unhealthy });
        });
      } else this.failHealthChecks(service, task, unhealthy);
    }
    this.actions.reconcile(service);
  }

  private failHealthChecks(
    service: ServiceRecord,
    task: TaskRecord,
    target: { targetGroupArn: string; port: number },
  ): void {
    const instance = this.world.instanceByArn(task.containerInstanceArn);
    this.world.addEvent(
      service,
      `(instance ${instance?.ec2InstanceId ?? 'unknown'}) (port ${target.port}) is unhealthy in (target-group ${target.targetGroupArn}) due to (reason Health checks failed).`,
    );
    this.actions.stopTasks(service, [task], `Task failed ELB health checks in (target-group ${target.targetGroupArn})`);
    const deployment = service.deployments.find((d) => d.id === task.deploymentId);
    if (deployment) countFailedTask(this.world, service, deployment);
  }
}
