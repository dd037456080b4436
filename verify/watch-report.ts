import { achievedRate } from './pacer.js';
import type { Timeline } from './timeline.js';
import type { ErrorKind } from './types.js';
import { circuitBreaker, oldRevisionGone } from './watch-deploy.js';
import { newAnswerSoon, noFailures, noneAfterDrained, stoppedAfterDrained, type WatchFacts } from './watch-criteria.js';
import type { LaneBook } from './watch-lanes.js';
import type { WatchSettings } from './watch-options.js';
import type { WatchCriterion, WatchFailure, WatchReport, WatchStopReason } from './watch-types.js';

/** A failure as recorded while the watch runs; its context is worked out at the end, when every event is in. */
export type RawFailure = Omit<WatchFailure, 'context'> & { kind: ErrorKind };

/** What the watch hands over when it ends. */
export type WatchEnd = {
  url: string;
  settings: WatchSettings;
  startMs: number;
  /** How long requests were sent, ms. */
  durationMs: number;
  reason: WatchStopReason;
  sent: number;
  failed: number;
  skipped: { late: number; overCap: number };
  timeline: Timeline;
  lanes: LaneBook;
  failures: RawFailure[];
  /** Present when `finish()` was called: the spread over the new set. */
  even?: { criterion: WatchCriterion };
};

/**
 * The report: each failure with what was not simply healthy at that moment, the criteria that
 * apply (the ones that do not are left out, not passed), and the verdict: PASS only when every
 * criterion present passes.
 */
export function buildWatchReport(end: WatchEnd): WatchReport {
  const { settings, lanes } = end;
  const failures: WatchFailure[] = end.failures.map((f) => ({
    ...f,
    context: lanes.contextAt(f.atMs, settings.eventLagMs),
  }));
  const laneList = lanes.lanes();
  const facts: WatchFacts = {
    sent: end.sent,
    failed: end.failed,
    failures,
    lanes: laneList,
    events: lanes.events,
    elapsedMs: end.durationMs,
    maxErrorRate: settings.maxErrorRate,
    answerWithinMs: settings.answerWithinMs,
    eventLagMs: settings.eventLagMs,
    hadTarget: (backend) => lanes.hadTarget(backend),
    answersFrom: (backend, fromMs) => end.timeline.answersFrom(backend, fromMs),
  };
  const criteria = [
    noFailures(facts),
    newAnswerSoon(facts),
    noneAfterDrained(facts),
    stoppedAfterDrained(facts),
    end.even?.criterion,
    oldRevisionGone(lanes.events, laneList),
    circuitBreaker(lanes.events),
  ].filter((c): c is WatchCriterion => c !== undefined);
  const { achieved, pacingError } = achievedRate(end.sent, end.durationMs, settings.rate);
  return {
    url: end.url,
    verdict: criteria.every((c) => c.pass) ? 'PASS' : 'FAIL',
    startedAt: new Date(end.startMs).toISOString(),
    durationMs: Math.round(end.durationMs),
    rate: {
      target: settings.rate,
      achieved: round(achieved, 2),
      pacingError: round(pacingError, 4),
      skipped: end.skipped,
    },
    sent: end.sent,
    failed: end.failed,
    timeline: end.timeline.buckets,
    events: lanes.events,
    lanes: laneList,
    failures,
    criteria,
    stoppedBecause: end.reason,
    options: { ...settings },
  };
}

const round = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;
