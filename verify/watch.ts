import { achievedRate, inFlightCap, Pacer, realClock } from './pacer.js';
import type { Route } from './node-pools.js';
import { sendOne } from './send.js';
import { failureLabel, Timeline } from './timeline.js';
import type { Outcome } from './types.js';
import { buildWatchReport, type RawFailure } from './watch-report.js';
import { EvenAfter } from './watch-even.js';
import { LaneBook } from './watch-lanes.js';
import { openNodes } from './watch-nodes.js';
import { WATCH_DEFAULTS, watchSettings } from './watch-options.js';
import type { Watch, WatchInput, WatchReport, WatchStopReason } from './watch-types.js';

/**
 * Starts a watch: finds the load balancer's nodes, then sends GET requests on the pacer's schedule
 * (`rate` per second, round-robin over the nodes, keep-alive) until `durationMs`, `stop()`, the
 * signal, or the spread after `finish()` settles (or its `settleMs` passes). Every request is
 * bounded by `timeoutMs`; at most one timeout's worth of requests is in flight (`inFlightCap`),
 * and a slot due while that many are out is not sent but counted (`rate.skipped.overCap`): the
 * requests out will each end as a failure or an answer, so the slot adds nothing but load. Never
 * throws for network trouble; only a caller's node resolver failing at the start is thrown.
 */
export async function startWatch(input: WatchInput): Promise<Watch> {
  const settings = watchSettings(input);
  const clock = input.clock ?? realClock(input.now);
  const cap = inFlightCap(settings.rate, settings.timeoutMs);
  const nodes = await openNodes(input, settings.timeoutMs, cap);
  const startMs = clock.now();
  const pacer = new Pacer(settings.rate, startMs);
  const timeline = new Timeline(startMs);
  const lanes = new LaneBook(input.expected ?? []);
  const failures: RawFailure[] = [];
  const counts = { sent: 0, failed: 0, inFlight: 0, overCap: 0 };
  let even: { check: EvenAfter; settleMs: number; untilMs: number } | undefined;
  let ended: { reason: WatchStopReason; atMs: number } | undefined;
  // One pending timer of each kind, so a long watch holds no list of them.
  const timers = { tick: () => {}, second: () => {}, safety: () => {} };
  const cancelAll = (): void => Object.values(timers).forEach((cancel) => cancel());
  let finalized: (report: WatchReport) => void = () => {};
  const done = new Promise<WatchReport>((resolve) => (finalized = resolve));

  const record = (outcome: Outcome, sentAt: number, route: Route, afterFinish: boolean): void => {
    if (outcome.kind === 'ok') {
      const id = lanes.answered(outcome.id, sentAt - startMs);
      timeline.answered(sentAt, id);
      if (afterFinish && even?.check.record({ ...outcome, id }) && !ended) end('finished');
      return;
    }
    counts.failed += 1;
    const label = failureLabel({ kind: outcome.error, status: outcome.status, code: outcome.code });
    timeline.failed(sentAt, label);
    if (failures.length < WATCH_DEFAULTS.maxFailuresKept) {
      const { error: kind, status, code } = outcome;
      failures.push({ atMs: sentAt - startMs, kind, status, code, label, node: route.key });
    }
  };

  const send = (): void => {
    const route = nodes.pools.next();
    const sentAt = clock.now();
    const afterFinish = even !== undefined;
    counts.sent += 1;
    counts.inFlight += 1;
    timeline.sent(sentAt);
    void sendOne(route.dispatcher, route.target, settings).then((outcome) => {
      // An answer later than the bounded wait at the end is not counted: the report is out.
      if (finalizing) return;
      counts.inFlight -= 1;
      record(outcome, sentAt, route, afterFinish);
      if (ended && counts.inFlight === 0) void finalize();
    });
  };

  const tick = (): void => {
    if (ended) return;
    const now = clock.now();
    if (now - startMs >= settings.durationMs) return end('duration');
    if (even && now >= even.untilMs) return end('finished');
    nodes.refresh(now);
    for (let due = pacer.due(now); due > 0 && !ended; due -= 1) {
      if (counts.inFlight >= cap) counts.overCap += 1;
      else send();
    }
    if (!ended) timers.tick = clock.after(pacer.nextAt() - clock.now(), tick);
  };

  const second = (n: number): void => {
    if (ended) return;
    const now = clock.now();
    const elapsedMs = now - startMs;
    input.onTick?.({
      elapsedMs,
      rate: { target: settings.rate, achieved: achievedRate(counts.sent, elapsedMs, settings.rate).achieved },
      sent: counts.sent,
      failed: counts.failed,
      lanes: lanes.lanes(),
      last: timeline.buckets[n - 1],
    });
    timers.second = clock.after(startMs + (n + 1) * 1000 - now, () => second(n + 1));
  };

  let finalizing = false;
  const finalize = async (): Promise<void> => {
    if (finalizing) return;
    finalizing = true;
    cancelAll();
    input.signal?.removeEventListener('abort', onAbort);
    await nodes.pools.close().catch(() => undefined);
    const { reason, atMs } = ended ?? { reason: 'aborted' as const, atMs: clock.now() };
    finalized(
      buildWatchReport({
        url: input.url,
        settings,
        startMs,
        durationMs: atMs - startMs,
        reason,
        sent: counts.sent,
        failed: counts.failed,
        skipped: { late: pacer.late, overCap: counts.overCap },
        timeline,
        lanes,
        failures,
        even: even && { criterion: even.check.criterion(even.settleMs) },
      }),
    );
  };

  function end(reason: WatchStopReason): void {
    if (ended) return;
    ended = { reason, atMs: clock.now() };
    cancelAll();
    if (counts.inFlight === 0) void finalize();
    // Requests out end within their timeout; this bounds the wait even if one never settles.
    else timers.safety = clock.after(settings.timeoutMs + 1_000, () => void finalize());
  }

  const onAbort = (): void => end('aborted');
  input.signal?.addEventListener('abort', onAbort, { once: true });
  if (input.signal?.aborted) end('aborted');
  timers.second = clock.after(1000, () => second(1));
  tick();

  return {
    event(event) {
      if (!ended) lanes.event(event, event.at - startMs);
    },
    finish(after) {
      // Nothing should answer after a change to zero tasks: there is no spread to settle.
      if (!ended && !even && after.expected.length === 0) end('finished');
      else if (!ended && !even) {
        const settleMs = after.settleMs ?? WATCH_DEFAULTS.settleMs;
        even = { check: new EvenAfter(input, after.expected), settleMs, untilMs: clock.now() + settleMs };
      }
      return done;
    },
    stop(reason = 'aborted') {
      end(reason);
      return done;
    },
    ended: done,
  };
}
