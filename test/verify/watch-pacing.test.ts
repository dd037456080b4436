import { describe, expect, it } from 'vitest';
import { achievedRate, defaultBurst, inFlightCap, Pacer } from '../../verify/pacer.js';
import { startWatch } from '../../verify/watch.js';
import type { WatchSnapshot } from '../../verify/watch-types.js';
import { FakeClock, fakeDispatcher } from './helpers/watch-fakes.js';

const URL_ = 'http://alb.test/hostname';

describe('the pacer', () => {
  it('Given 20 req/s, when 10 s pass in 1 ms steps, then exactly 201 slots are due (one every 50 ms, the first at 0)', () => {
    const pacer = new Pacer(20, 0);
    let due = 0;
    for (let t = 0; t <= 10_000; t += 1) due += pacer.due(t);
    expect(due).toBe(201);
    expect(pacer.late).toBe(0);
  });

  it('Given a scheduler that wakes 1 s late, then it sends at most the burst bound at once and counts the rest as late', () => {
    const pacer = new Pacer(100, 0);
    expect(pacer.due(0)).toBe(1);
    expect(pacer.due(1_000)).toBe(defaultBurst(100));
    expect(defaultBurst(100)).toBe(5);
    expect(pacer.late).toBe(100 - 5);
    expect(pacer.due(1_005)).toBe(0);
    expect(pacer.due(1_010)).toBe(1);
  });

  it('Given the next slot, then nextAt names its time, so timers never drift', () => {
    const pacer = new Pacer(3, 1_000);
    pacer.due(1_000);
    expect(pacer.nextAt()).toBeCloseTo(1_333.33, 1);
  });

  it('Given the in-flight cap, then it is one timeout of requests at the rate, at least 4', () => {
    expect(inFlightCap(20, 5_000)).toBe(100);
    expect(inFlightCap(1, 100)).toBe(4);
  });

  it('Given sent and duration, then achieved rate and pacing error follow; 19 of 20 is a 5 % error', () => {
    expect(achievedRate(190, 10_000, 20)).toEqual({ achieved: 19, pacingError: 0.05 });
    expect(achievedRate(0, 0, 20)).toEqual({ achieved: 0, pacingError: 1 });
  });
});

describe('the watch paces its requests', () => {
  it('Given the default rate and a 30 s watch on a fake clock, then 20 req/s are sent (within 5 %) and every second holds 20', async () => {
    const clock = new FakeClock();
    const dispatcher = fakeDispatcher(() => ({ id: 'a' }));
    const watch = await startWatch({ url: URL_, dispatcher, clock, durationMs: 30_000 });
    await clock.advance(31_000);
    const report = await watch.stop();
    expect(report.stoppedBecause).toBe('duration');
    expect(report.rate.target).toBe(20);
    expect(report.rate.pacingError).toBeLessThanOrEqual(0.05);
    expect(dispatcher.seen()).toBe(report.sent);
    expect(report.timeline).toHaveLength(30);
    expect(report.timeline.every((b) => b.requests === 20 && b.backends.a === 20)).toBe(true);
    expect(clock.pending).toBe(0);
  });

  it('Given --rate 500, then 500 requests start in every second', async () => {
    const clock = new FakeClock();
    const watch = await startWatch({
      url: URL_,
      dispatcher: fakeDispatcher(() => ({ id: 'a' })),
      clock,
      rate: 500,
      durationMs: 3_000,
    });
    await clock.advance(3_000);
    const report = await watch.stop();
    expect(report.timeline.map((b) => b.requests)).toEqual([500, 500, 500]);
  });

  it('Given requests that never answer, then no more than the in-flight cap is out and the skipped slots are counted, not failed', async () => {
    const clock = new FakeClock();
    let out = 0;
    const stuck = {
      dispatch: () => {
        out += 1;
        return true;
      },
      close: () => Promise.resolve(),
    } as never;
    const watch = await startWatch({
      url: URL_,
      dispatcher: stuck,
      clock,
      rate: 10,
      timeoutMs: 1_000,
      durationMs: 5_000,
    });
    await clock.advance(3_000);
    expect(out).toBe(inFlightCap(10, 1_000));
    void watch.stop();
    await clock.advance(3_000);
    const report = await watch.stop();
    expect(report.rate.skipped?.overCap).toBe(31 - 10);
    expect(report.failed).toBe(0);
  });

  it('Given a signal that aborts, then the watch stops and says so', async () => {
    const clock = new FakeClock();
    const abort = new AbortController();
    const watch = await startWatch({
      url: URL_,
      dispatcher: fakeDispatcher(() => ({ id: 'a' })),
      clock,
      signal: abort.signal,
    });
    await clock.advance(2_000);
    abort.abort();
    const report = await watch.stop();
    expect(report.stoppedBecause).toBe('aborted');
    expect(report.sent).toBe(41);
  });

  it('Given onTick, then it is called once per second with the second just closed, the lanes and the achieved rate', async () => {
    const clock = new FakeClock();
    const snapshots: WatchSnapshot[] = [];
    const watch = await startWatch({
      url: URL_,
      dispatcher: fakeDispatcher(() => ({ id: 'a' })),
      clock,
      expected: [{ id: 'a' }],
      onTick: (snapshot) => snapshots.push(snapshot),
    });
    await clock.advance(3_500);
    await watch.stop();
    expect(snapshots.map((s) => [s.elapsedMs, s.last?.second, s.last?.requests, s.last?.backends.a])).toEqual([
      [1_000, 0, 20, 20],
      [2_000, 1, 20, 20],
      [3_000, 2, 20, 20],
    ]);
    expect(snapshots[2]?.lanes.map((l) => [l.backend, l.state, l.answers])).toEqual([['a', 'healthy', 60]]);
    expect(snapshots[2]?.rate.target).toBe(20);
  });

  it('Given two load balancer nodes, then the requests alternate between them and a failure names its node', async () => {
    const clock = new FakeClock();
    const origins: string[] = [];
    const inner = fakeDispatcher((n) => (n === 3 ? { status: 502 } : { id: 'a' }));
    const dispatcher = {
      dispatch: (options: { origin?: unknown }, handler: never) => {
        origins.push(String(options.origin));
        return inner.dispatch(options as never, handler);
      },
      close: () => Promise.resolve(),
    } as never;
    const nodes = [
      { address: '10.0.1.5', port: 80 },
      { address: '10.0.2.7', port: 80 },
    ];
    const watch = await startWatch({ url: URL_, dispatcher, clock, nodes, durationMs: 2_000 });
    await clock.advance(2_000);
    const report = await watch.stop();
    expect(origins.filter((o) => o === 'http://10.0.1.5:80')).toHaveLength(20);
    expect(origins.filter((o) => o === 'http://10.0.2.7:80')).toHaveLength(20);
    expect(report.failures.map((f) => [f.atMs, f.node])).toEqual([[150, '10.0.2.7:80']]);
  });
});
