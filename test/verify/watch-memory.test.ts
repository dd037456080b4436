import { describe, expect, it } from 'vitest';
import { MAX_EVENTS } from '../../verify/watch-lanes.js';
import { WATCH_DEFAULTS } from '../../verify/watch-options.js';
import { startWatch } from '../../verify/watch.js';
import { FakeClock, fakeDispatcher } from './helpers/watch-fakes.js';

const HOURS = 6;

describe('a long watch stays bounded', () => {
  it(`Given ${HOURS} h at 20 req/s with a failure every 100 requests and an event every second, then it keeps one bucket per second, 1,000 failures and ${MAX_EVENTS} events`, async () => {
    const clock = new FakeClock();
    const dispatcher = fakeDispatcher((n) => (n % 100 === 99 ? { status: 502 } : { id: n % 2 === 0 ? 'a' : 'b' }));
    const seconds = HOURS * 3600;
    const watch = await startWatch({ url: 'http://alb.test/hostname', dispatcher, clock, durationMs: seconds * 1000 });
    let ticks = 0;
    for (let s = 0; s < seconds; s += 1) {
      await clock.advance(1000);
      ticks += 1;
      watch.event({ at: clock.now(), kind: 'message', detail: `service event ${s}` });
    }
    const report = await watch.stop();
    expect(ticks).toBe(seconds);
    expect(report.stoppedBecause).toBe('duration');
    expect(report.sent).toBe(seconds * 20);
    expect(report.failed).toBe((seconds * 20) / 100);
    // Per-second buckets, not per-request records: the timeline has as many entries as seconds.
    expect(report.timeline).toHaveLength(seconds);
    expect(report.failures).toHaveLength(WATCH_DEFAULTS.maxFailuresKept);
    expect(report.events).toHaveLength(MAX_EVENTS);
    expect(report.lanes.map((l) => l.backend)).toEqual(['a', 'b']);
    expect(Object.keys(report.timeline[seconds - 1]?.backends ?? {})).toEqual(['a', 'b']);
  }, 120_000);
});
