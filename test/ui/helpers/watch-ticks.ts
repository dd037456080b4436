import type { RunnerEvent } from '../../../source/model/events.js';
import type { WatchLane, WatchReport, WatchSnapshot } from '../../../verify/watch-types.js';

/** Where a lane stood at `ms` into the watch, from the times its report gives. */
function stateAt(lane: WatchLane, ms: number): WatchLane['state'] {
  if (lane.drainedAtMs !== undefined && ms >= lane.drainedAtMs) return 'drained';
  if (lane.drainingAtMs !== undefined && ms >= lane.drainingAtMs) return 'draining';
  if (lane.before || (lane.healthyAtMs !== undefined && ms >= lane.healthyAtMs)) return 'healthy';
  return 'starting';
}

/** The `watch-tick`s a watch would have sent during `report`, one per second, replayed from its timeline. */
export function ticksOf(report: WatchReport, change: 'scale' | 'deploy' = 'scale'): RunnerEvent[] {
  let sent = 0;
  let failed = 0;
  const answers = new Map<string, number>();
  return report.timeline.map((last): RunnerEvent => {
    sent += last.requests;
    failed += last.failures;
    for (const [id, n] of Object.entries(last.backends)) answers.set(id, (answers.get(id) ?? 0) + n);
    const elapsedMs = (last.second + 1) * 1000;
    const lanes = report.lanes
      .filter((l) => l.before || report.events.some((e) => e.backend === l.backend && e.atMs < elapsedMs))
      .map((l) => ({ ...l, state: stateAt(l, elapsedMs), answers: answers.get(l.backend) ?? 0 }));
    const snapshot: WatchSnapshot = {
      elapsedMs,
      rate: { target: report.rate.target, achieved: sent / (last.second + 1) },
      sent,
      failed,
      lanes,
      last,
    };
    return { type: 'watch-tick', change, snapshot };
  });
}
