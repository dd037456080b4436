import { percent } from './spread-words.js';
import { at, describe, type TimedEvent } from './watch-lanes.js';
import type { WatchCriterion, WatchFailure, WatchLane } from './watch-types.js';

/** What the criteria read: the watch's counts, lanes, events and failures, and its settings. */
export type WatchFacts = {
  sent: number;
  failed: number;
  /** The failures kept (the first ones), with their context. */
  failures: WatchFailure[];
  lanes: WatchLane[];
  events: TimedEvent[];
  /** How long the watch sent requests, ms. */
  elapsedMs: number;
  maxErrorRate: number;
  answerWithinMs: number;
  eventLagMs: number;
  /** Whether a load balancer target event was seen for the backend. */
  hadTarget: (backend: string) => boolean;
  /** Answers from the backend to requests sent from `fromMs` on (whole seconds). */
  answersFrom: (backend: string, fromMs: number) => number;
};

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
const listed = (items: string[], most = 5): string =>
  items.length <= most ? items.join('; ') : `${items.slice(0, most).join('; ')}; and ${items.length - most} more`;

/** No failed request through the change, or at most `maxErrorRate` of them. */
export function noFailures(facts: WatchFacts): WatchCriterion {
  const limit = facts.maxErrorRate;
  const title =
    limit > 0 ? `failed requests ≤ ${percent(limit)} through the change` : 'no failed request through the change';
  const rate = facts.sent > 0 ? facts.failed / facts.sent : 0;
  const pass = facts.sent > 0 && rate <= limit;
  if (facts.sent === 0) return { id: 'no-failures', pass, title, evidence: 'no request was sent' };
  if (facts.failed === 0) return { id: 'no-failures', pass, title, evidence: `0 of ${facts.sent} requests failed` };
  const first = facts.failures[0];
  const firstWords = first
    ? `; first at ${at(first.atMs)} (${first.label}${first.context.length > 0 ? ` while ${first.context.join(', ')}` : ''})`
    : '';
  const evidence = `${facts.failed} of ${facts.sent} requests failed (${percent(rate)})${firstWords}`;
  return pass
    ? { id: 'no-failures', pass, title, evidence }
    : { id: 'no-failures', pass, title, evidence, fix: failureFix(facts.failures) };
}

/** The fix the failures' context points at. */
function failureFix(failures: WatchFailure[]): string {
  const context = failures.flatMap((f) => f.context).join('\n');
  if (/ stopped(,|$)|, stopped at /m.test(context) && !/ draining(,|$)/m.test(context))
    return 'a task stopped while its target was still in service, so the load balancer kept sending to it until health checks noticed: stop tasks through the service (scale in, deploy), which deregisters and drains each target first';
  if (/draining/.test(context))
    return 'requests failed while a target drained: the container must finish in-flight requests after the stop signal (handle SIGTERM, close idle connections only), and the deregistration delay must be shorter than its stop timeout';
  if (/starting|unhealthy/.test(context))
    return 'requests failed on a new target: give the health check a path that answers only once the app serves, and a health check grace period on the service';
  return 'the failures came with no change the platform reported: see each failure below (status, node, time) and the load balancer access logs for those seconds';
}

/** Each backend whose target turned healthy during the watch answered within `answerWithinMs` of it. */
export function newAnswerSoon(facts: WatchFacts): WatchCriterion | undefined {
  const title = `every new task answered within ${seconds(facts.answerWithinMs)} of its target turning healthy`;
  const judged: { lane: WatchLane; delay?: number }[] = [];
  for (const lane of facts.lanes) {
    if (lane.before || lane.healthyAtMs === undefined) continue;
    const closes = Math.min(lane.healthyAtMs + facts.answerWithinMs, lane.drainingAtMs ?? Infinity);
    const delay = lane.firstAnswerAtMs === undefined ? undefined : Math.max(0, lane.firstAnswerAtMs - lane.healthyAtMs);
    if (delay === undefined && closes > facts.elapsedMs) continue; // its window was still open at the end
    judged.push({ lane, delay });
  }
  if (judged.length === 0) return undefined;
  const late = judged.filter((j) => j.delay === undefined || j.delay > facts.answerWithinMs);
  const words = (j: { lane: WatchLane; delay?: number }): string =>
    j.delay === undefined
      ? `${describe(j.lane)} never answered (healthy at ${at(j.lane.healthyAtMs ?? 0)})`
      : `${describe(j.lane)} ${seconds(j.delay)}`;
  if (late.length === 0) return { id: 'new-answer-soon', pass: true, title, evidence: listed(judged.map(words)) };
  return {
    id: 'new-answer-soon',
    pass: false,
    title,
    evidence: listed(late.map(words)),
    fix: 'a healthy target that gets no requests: check that the listener rule forwards to this target group, the target is in an enabled Availability Zone (or cross-zone is on), and slow start is not holding it back',
  };
}

/** No answer from a backend to a request sent after its target finished draining (plus the event lag). */
export function noneAfterDrained(facts: WatchFacts): WatchCriterion | undefined {
  const drained = facts.lanes.filter((l) => l.drainedAtMs !== undefined);
  if (drained.length === 0) return undefined;
  const title = `no answer from a task after its target finished draining (sent ${seconds(facts.eventLagMs)} or more after)`;
  const after = drained.filter((l) => (l.lastAnswerAtMs ?? -Infinity) > (l.drainedAtMs ?? 0) + facts.eventLagMs);
  if (after.length === 0)
    return {
      id: 'none-after-drained',
      pass: true,
      title,
      evidence: `${drained.length} target(s) drained, none answered after`,
    };
  const words = after.map((l) => {
    const count = facts.answersFrom(l.backend, (l.drainedAtMs ?? 0) + facts.eventLagMs);
    return `${describe(l)} drained at ${at(l.drainedAtMs ?? 0)}, answered until ${at(l.lastAnswerAtMs ?? 0)}${count > 0 ? ` (${count} answers)` : ''}`;
  });
  return {
    id: 'none-after-drained',
    pass: false,
    title,
    evidence: listed(words),
    fix: "a deregistered target still gets requests: something else routes to it (another listener rule, target group or a direct address); check the load balancer's rules and that clients use its DNS name",
  };
}

/** No task stopped while its target was still registered or draining. */
export function stoppedAfterDrained(facts: WatchFacts): WatchCriterion | undefined {
  const stopped = facts.lanes.filter((l) => l.stoppedAtMs !== undefined && (l.before || facts.hadTarget(l.backend)));
  if (stopped.length === 0) return undefined;
  const title = 'every task stopped only after its target finished draining';
  const early = stopped.filter(
    (l) => l.drainedAtMs === undefined || l.drainedAtMs > (l.stoppedAtMs ?? 0) + facts.eventLagMs,
  );
  if (early.length === 0)
    return {
      id: 'stopped-after-drained',
      pass: true,
      title,
      evidence: `${stopped.length} task(s) stopped, each after its target drained`,
    };
  const whileDraining = early.filter((l) => l.drainingAtMs !== undefined && l.drainingAtMs <= (l.stoppedAtMs ?? 0));
  const words = early.map((l) => {
    const was = whileDraining.includes(l)
      ? `while its target was draining (since ${at(l.drainingAtMs ?? 0)})`
      : 'while its target was still in service';
    return `${describe(l)} stopped at ${at(l.stoppedAtMs ?? 0)} ${was}`;
  });
  const fix =
    whileDraining.length > 0
      ? "make the target group's deregistration delay (deregistration_delay.timeout_seconds) shorter than the container's stop timeout (stopTimeout in the task definition), so no task is killed while its target still drains"
      : 'stop tasks only through the service (scale in, deploy), which deregisters and drains each target before the stop signal; a task stopped directly or dying is served requests until health checks notice';
  return { id: 'stopped-after-drained', pass: false, title, evidence: listed(words), fix };
}
