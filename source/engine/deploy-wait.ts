import { shownWait } from '../steps/shown-wait.js';
import type { StepDeps } from '../steps/types.js';
import { answeringBackends, revisionOf } from './watch-diff.js';
import type { Look } from './watch-look.js';
import { leaving } from './wait-drained.js';

/** How a rollout ended: COMPLETED, or FAILED (rolled back when the circuit breaker is set to). */
export type Rollout = {
  state: 'COMPLETED' | 'FAILED' | 'ROLLED_BACK';
  /** ECS's `rolloutStateReason`. */
  reason?: string;
  /** New targets healthy at the end. */
  healthy: number;
  /** The revision the service's primary deployment runs at the end. */
  runningRevision?: string;
};

type Progress = { rollout: Rollout; done: boolean; progress: string; draining: number };

/** One look's reading of the rollout of `arn`. */
export function rolloutOf(
  look: Look,
  wanted: { arn: string; desired: number; containerPort?: number },
  seenBefore = true,
): Progress {
  const deployments = look.service?.deployments ?? [];
  const mine = deployments.find((d) => d.taskDefinition === wanted.arn);
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const healthy = answeringBackends(look, wanted.containerPort).filter(
    (b) => b.revision === revisionOf(wanted.arn),
  ).length;
  const { draining, stopping } = leaving(look);
  const runningRevision = revisionOf(primary?.taskDefinition);
  const base = { healthy, ...(runningRevision ? { runningRevision } : {}) };
  const reason = mine?.rolloutStateReason;
  const rolledBack = primary !== undefined && primary.taskDefinition !== wanted.arn;
  // A look taken before UpdateService answered does not show the deployment yet: that is no rollback.
  if (mine?.rolloutState === 'FAILED' || (!mine && rolledBack && seenBefore)) {
    return {
      rollout: { state: rolledBack ? 'ROLLED_BACK' : 'FAILED', ...base, ...(reason ? { reason } : {}) },
      done: true,
      progress: `rollout FAILED${rolledBack ? `, rolled back to ${runningRevision}` : ''}`,
      draining,
    };
  }
  const state = mine?.rolloutState ?? (deployments.length === 1 && mine ? 'COMPLETED' : 'IN_PROGRESS');
  const done =
    state === 'COMPLETED' && deployments.length === 1 && healthy >= wanted.desired && draining === 0 && stopping === 0;
  return {
    rollout: { state: 'COMPLETED', ...base, ...(reason ? { reason } : {}) },
    done,
    progress: `rollout ${state}, new healthy ${healthy}/${wanted.desired}, old deployments ${Math.max(0, deployments.length - 1)}, draining ${draining}, stopping ${stopping}`,
    draining,
  };
}

/**
 * Waits (bounded, shown) until the deployment of `arn` is COMPLETED, the only one left, with
 * `desired` new targets healthy and nothing draining or stopping; or until it FAILED. `look` gives
 * the platform now (the observer's latest look when watched).
 */
export async function waitRolledOut(
  deps: StepDeps,
  look: () => Promise<Look>,
  wanted: { arn: string; desired: number; containerPort?: number },
): Promise<Rollout> {
  let seenMine = false;
  const last = await shownWait<Progress>(deps, {
    step: 'task-definition',
    id: 'deploy-rollout',
    what: `deployment of ${revisionOf(wanted.arn)} to complete with ${wanted.desired} new healthy targets and the old drained`,
    usually: 'usually 2-6 min on AWS (new tasks healthy, then the deregistration delay)',
    async check() {
      const seen = await look();
      const now = rolloutOf(seen, wanted, seenMine);
      seenMine ||= (seen.service?.deployments ?? []).some((d) => d.taskDefinition === wanted.arn);
      return { done: now.done, value: now, progress: now.progress };
    },
    explainTimeout: (p) =>
      p && p.draining > 0
        ? "old targets are still draining: the target group's deregistration delay may be longer than the wait"
        : p && p.rollout.healthy < wanted.desired
          ? 'the new tasks do not all get healthy targets: check the image answers the health check path on the container port'
          : undefined,
  });
  return last.rollout;
}
