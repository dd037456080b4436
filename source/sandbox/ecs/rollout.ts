import type { TaskRecord } from './model.js';

/** What one reconcile of a service sees. */
export type RolloutInput = {
  desiredCount: number;
  maximumPercent: number;
  minimumHealthyPercent: number;
  /** Tasks of the PRIMARY deployment ECS wants running (desiredStatus RUNNING). */
  primary: readonly TaskRecord[];
  /** Tasks of older deployments ECS still wants running. */
  old: readonly TaskRecord[];
  /** Every task of the service not yet STOPPED, stopping ones included (they still count against the maximum). */
  notStopped: number;
  /** RUNNING with every target healthy (or RUNNING, without a load balancer). */
  isHealthy: (task: TaskRecord) => boolean;
  /** A FAILED deployment launches no new tasks. */
  primaryFailed: boolean;
};

/** What the scheduler does now: start this many primary tasks, stop these old ones. */
export type RolloutPlan = { start: number; retire: TaskRecord[] };

/**
 * The rolling update (ECS deployment controller) as ECS documents it: RUNNING or PENDING tasks
 * never exceed `maximumPercent` of the desired count (rounded down), and healthy tasks never drop
 * below `minimumHealthyPercent` (rounded up). With 100 / 200 the new tasks start first and each old
 * task is stopped only once a new one is healthy in its target groups; old tasks that are not
 * healthy may always go. Old tasks leave oldest first.
 */
export function planRollout(input: RolloutInput): RolloutPlan {
  const { desiredCount, primary, old, isHealthy } = input;
  const maximum = Math.floor((desiredCount * input.maximumPercent) / 100);
  const minimumHealthy = Math.ceil((desiredCount * input.minimumHealthyPercent) / 100);
  const missing = Math.max(0, desiredCount - primary.length);
  const start = input.primaryFailed ? 0 : Math.max(0, Math.min(missing, maximum - input.notStopped));
  const healthy = [...primary, ...old].filter(isHealthy).length;
  let budget = Math.max(0, healthy - minimumHealthy);
  const retire: TaskRecord[] = [];
  const oldestFirst = [...old].sort((a, b) => a.createdAt - b.createdAt);
  for (const task of oldestFirst) {
    if (!isHealthy(task)) retire.push(task);
  }
  for (const task of oldestFirst) {
    if (budget <= 0) break;
    if (!isHealthy(task)) continue;
    retire.push(task);
    budget -= 1;
  }
  return { start, retire };
}
