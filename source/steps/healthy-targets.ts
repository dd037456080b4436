import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetRow } from '../model/resources.js';
import {
  placementStallMs,
  placementWatch,
  shortfallOf,
  shortfallText,
  steadyPattern,
  unablePattern,
} from './placement.js';
import { shownWait } from './shown-wait.js';
import type { StepDeps } from './types.js';
import type { StepId } from '../model/steps.js';

export type HealthSnapshot = {
  desired: number;
  running: number;
  /** Tasks placed but not running yet (PROVISIONING, PENDING). */
  pending: number;
  deployments: number;
  targets: TargetRow[];
  healthy: number;
  lastEvent?: string;
  /** ECS's newest "unable to place a task" event, unless the service reached a steady state after it. */
  placementEvent?: string;
};

const STATES = new Set<TargetRow['state']>(['initial', 'healthy', 'unhealthy', 'unused', 'draining', 'unavailable']);

/** One look at the service and its target group: running/desired tasks and every target's health. */
export async function healthSnapshot(
  deps: Pick<StepDeps, 'clients' | 'signal'>,
  cluster: string,
  service: string,
  targetGroupArn: string,
): Promise<HealthSnapshot> {
  const [svcOut, healthOut] = await Promise.all([
    deps.clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }), { abortSignal: deps.signal }),
    deps.clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }), {
      abortSignal: deps.signal,
    }),
  ]);
  const svc = svcOut.services?.[0];
  const targets: TargetRow[] = (healthOut.TargetHealthDescriptions ?? []).map((d) => {
    const state = (d.TargetHealth?.State ?? 'unavailable') as TargetRow['state'];
    return {
      instanceId: d.Target?.Id ?? '?',
      port: d.Target?.Port ?? 0,
      state: STATES.has(state) ? state : 'unavailable',
      ...(d.TargetHealth?.Reason ? { reason: d.TargetHealth.Reason } : {}),
      ...(d.TargetHealth?.Description ? { description: d.TargetHealth.Description } : {}),
    };
  });
  const lastEvent = svc?.events?.[0]?.message;
  // Newest first; ECS writes a placement problem once and omits repeats until it is resolved.
  const placementEvent = svc?.events
    ?.map((e) => e.message ?? '')
    .find((m) => unablePattern.test(m) || steadyPattern.test(m));
  return {
    desired: svc?.desiredCount ?? 0,
    running: svc?.runningCount ?? 0,
    pending: svc?.pendingCount ?? 0,
    deployments: svc?.deployments?.length ?? 0,
    targets,
    healthy: targets.filter((t) => t.state === 'healthy').length,
    ...(lastEvent ? { lastEvent } : {}),
    ...(placementEvent && unablePattern.test(placementEvent) ? { placementEvent } : {}),
  };
}

/** Why targets did not get healthy, in AWS terms, from the last look. */
export function explainUnhealthy(last: HealthSnapshot | undefined, hostPortRange = '32768-65535'): string | undefined {
  if (!last) return undefined;
  const reasons = new Set(last.targets.filter((t) => t.state === 'unhealthy').map((t) => t.reason));
  if (reasons.has('Target.Timeout')) {
    return `targets time out on their health checks (Target.Timeout): the instances' security group must allow the ALB security group on ${hostPortRange}`;
  }
  if (reasons.has('Target.ResponseCodeMismatch'))
    return 'targets answer the health check with a status other than 200: check --health-check-path and --container-port';
  if (reasons.has('Target.FailedHealthChecks'))
    return 'targets refuse the health check connection: check that the container listens on --container-port';
  if (last.running < last.desired) {
    const event = last.placementEvent ?? last.lastEvent;
    return `only ${last.running} of ${last.desired} tasks run: the cluster may lack memory or the image may fail to pull${event ? ` (${last.placementEvent ? 'placement' : 'latest service'} event: ${event})` : ''}`;
  }
  if (last.deployments > 1) return 'a deployment is still rolling out';
  return undefined;
}

/**
 * Waits (bounded, with `healthy 2/3` progress and the live targets table) until the service is
 * stable AND the healthy targets equal the desired count: ECS "stable" ignores target health.
 * Ends early with a `PlacementError` when ECS cannot place the tasks (`placementWatch`), rather
 * than waiting out the timeout for tasks that will never start.
 */
export function waitForHealthyTargets(
  deps: StepDeps,
  step: StepId,
  target: { cluster: string; service: string; targetGroupArn: string; desired: number; hostPortRange?: string },
): Promise<HealthSnapshot> {
  const placement = placementWatch({
    desired: target.desired,
    cluster: target.cluster,
    stallMs: placementStallMs(deps.waits),
    now: deps.now,
  });
  return shownWait<HealthSnapshot>(deps, {
    step,
    id: `${step}-healthy`,
    what: `${target.desired} healthy target${target.desired === 1 ? '' : 's'} for service ${target.service}`,
    usually: 'usually 1-3 min on AWS',
    async check() {
      const snap = await healthSnapshot(deps, target.cluster, target.service, target.targetGroupArn);
      const done = snap.healthy === target.desired && snap.running === target.desired && snap.deployments <= 1;
      if (!done) placement.look(snap);
      const unplaced = target.desired - snap.running - snap.pending;
      const short =
        snap.placementEvent && unplaced > 0
          ? `, unable to place ${unplaced}: ${shortfallText(shortfallOf(snap.placementEvent))}`
          : '';
      return {
        done,
        value: snap,
        progress: `healthy ${snap.healthy}/${target.desired}, running ${snap.running}/${target.desired}${short}`,
      };
    },
    targets: (snap) => snap.targets,
    explainTimeout: (last) => explainUnhealthy(last, target.hostPortRange),
  });
}
