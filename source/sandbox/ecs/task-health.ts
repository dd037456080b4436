import type { ElbTargets, TargetHealthState } from '../contracts.js';
import type { ServiceRecord, TaskRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/** States in which ECS counts a target as healthy: healthy, or health checks that cannot say otherwise. */
const counted = new Set<TargetHealthState>(['healthy', 'unused', 'unavailable']);

/** What ECS hears when one of its tasks' targets changes health. */
export type TargetHealthEvent = { task: TaskRecord; service: ServiceRecord; targetGroupArn: string; port: number };

/**
 * Task health as the ECS scheduler judges it for a load-balanced service: a task is healthy once it
 * is RUNNING and every target it registered is healthy in its group (ECS waits for that before it
 * stops old tasks, and "stable" alone does not); without a load balancer RUNNING is enough.
 */
export class TaskHealth {
  constructor(
    private readonly world: EcsWorld,
    private readonly elb: ElbTargets,
  ) {}

  isHealthy(service: ServiceRecord, task: TaskRecord): boolean {
    if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
    if (service.loadBalancers.length === 0) return true;
    const targets = task.registeredTargets ?? [];
    if (targets.length === 0) return false;
    return targets.every(({ targetGroupArn, id, port }) => {
      const state = this.elb.health(targetGroupArn, { id, port });
      return state === undefined || counted.has(state);
    });
  }

  /** The first of the task's targets that is unhealthy now, if any. */
  unhealthyTarget(task: TaskRecord): { targetGroupArn: string; port: number } | undefined {
    const target = (task.registeredTargets ?? []).find(
      ({ targetGroupArn, id, port }) => this.elb.health(targetGroupArn, { id, port }) === 'unhealthy',
    );
    return target ? { targetGroupArn: target.targetGroupArn, port: target.port } : undefined;
  }

  /** Calls `listener` with the task and service whenever one of a live task's targets changes state. */
  watch(listener: (event: TargetHealthEvent) => void): void {
    this.elb.onHealthChange((targetGroupArn, target) => {
      const task = this.world.state.tasks.find(
        (t) =>
          t.lastStatus !== 'STOPPED' &&
          (t.registeredTargets ?? []).some(
            (r) => r.targetGroupArn === targetGroupArn && r.id === target.id && r.port === target.port,
          ),
      );
      const service = task?.serviceArn ? this.world.state.services.find((s) => s.arn === task.serviceArn) : undefined;
      if (task && service) listener({ task, service, targetGroupArn, port: target.port });
    });
  }
}
