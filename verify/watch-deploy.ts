import { at, describe, type TimedEvent } from './watch-lanes.js';
import type { WatchCriterion, WatchLane } from './watch-types.js';

/** The first deployment event that says COMPLETED, if any. */
export function completedDeployment(events: readonly TimedEvent[]): TimedEvent | undefined {
  return events.find((e) => e.kind === 'deployment' && e.state === 'COMPLETED');
}

/**
 * Only when a deployment COMPLETED was seen: no backend of another revision answered a request sent
 * after that event. No slack is given: the event is seen up to a poll after ECS set it, so a request
 * sent after the event was sent after the deployment completed, when its old tasks were gone.
 */
export function oldRevisionGone(
  events: readonly TimedEvent[],
  lanes: readonly WatchLane[],
): WatchCriterion | undefined {
  const completed = completedDeployment(events);
  if (!completed) return undefined;
  const revision = completed.revision;
  const title = `no answer from an older revision after the deployment completed${revision ? ` (${revision})` : ''}`;
  const others = lanes.filter((l) => l.revision !== undefined && revision !== undefined && l.revision !== revision);
  const late = others.filter((l) => (l.lastAnswerAtMs ?? -Infinity) > completed.atMs);
  if (late.length === 0) {
    const evidence = revision
      ? `completed at ${at(completed.atMs)}; ${others.length} backend(s) of other revisions, none answered after`
      : `completed at ${at(completed.atMs)}; the deployment named no revision, so none is older`;
    return { id: 'old-revision-gone', pass: true, title, evidence };
  }
  const words = late.map((l) => `${describe(l)} of ${l.revision} answered until ${at(l.lastAnswerAtMs ?? 0)}`);
  return {
    id: 'old-revision-gone',
    pass: false,
    title,
    evidence: `completed at ${at(completed.atMs)}, yet ${words.join('; ')}`,
    fix: 'an old task still serves after the rollout: check for a second service or a task started outside the service in the same target group, and that old targets were deregistered',
  };
}

/**
 * Only when deployment or circuit-breaker events were seen: PASS when the deployment completed and
 * the breaker did not trip; FAIL naming the rollback when it tripped, or the state the deployment
 * was left in (FAILED, or still IN_PROGRESS when the watch ended).
 */
export function circuitBreaker(events: readonly TimedEvent[]): WatchCriterion | undefined {
  const deployment = events.filter((e) => e.kind === 'deployment');
  const tripped = events.find((e) => e.kind === 'circuit-breaker');
  if (deployment.length === 0 && !tripped) return undefined;
  const title = 'the deployment completed without the circuit breaker tripping';
  if (tripped) {
    const rolledBack = tripped.state === 'ROLLED_BACK' || /roll/i.test(tripped.detail ?? '');
    const what = rolledBack ? 'tripped and rolled the service back' : 'tripped';
    return {
      id: 'circuit-breaker',
      pass: false,
      title,
      evidence: `the deployment circuit breaker ${what} at ${at(tripped.atMs)}${tripped.detail ? `: ${tripped.detail}` : ''}`,
      fix: "the new revision's tasks failed to start or to pass health checks: read the stopped tasks' stoppedReason and the target health reason, fix the image or its health check, and deploy again",
    };
  }
  const last = deployment[deployment.length - 1] as TimedEvent;
  const completed = completedDeployment(events);
  if (completed)
    return {
      id: 'circuit-breaker',
      pass: true,
      title,
      evidence: `COMPLETED at ${at(completed.atMs)}; the breaker did not trip`,
    };
  return {
    id: 'circuit-breaker',
    pass: false,
    title,
    evidence: `the deployment was ${last.state ?? 'in an unknown state'} at ${at(last.atMs)} and did not complete during the watch${last.detail ? `: ${last.detail}` : ''}`,
    fix: 'see the service events (aws ecs describe-services) for why the new tasks do not reach steady state; give the watch a longer --duration if it is only slow',
  };
}
