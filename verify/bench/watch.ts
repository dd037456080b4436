// `npm run bench` (watch part): how close the watch keeps to --rate on this machine (achieved
// against asked at 20, 100 and 500 req/s), and what the watch costs beyond sending: its CPU per
// request against a plain fixed-rate loop (the same schedule, sendOne and keep-alive pool, no
// timeline, lanes or criteria) at the same rate in the same run, as a ratio. Then the heap a
// 6 h watch on a fake clock keeps. Numbers depend on the machine; run it on an idle one.
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pacer } from '../pacer.js';
import { createPool, sendOne, targetOf } from '../send.js';
import { startWatch } from '../watch.js';
import type { WatchClock } from '../watch-types.js';
import { startRemoteFarm } from './remote-farm.js';

const SECONDS = Number(process.env.WATCH_BENCH_SECONDS ?? 5);
const RATES = [20, 100, 500];
const OVERHEAD_RATE = 200;
const cpuMicros = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** A watch at `rate` for SECONDS; its achieved rate and CPU µs per request. */
async function watchRun(url: string, rate: number): Promise<{ achieved: number; error: number; cpu: number }> {
  const cpu = cpuMicros();
  const watch = await startWatch({ url, rate, durationMs: SECONDS * 1000 });
  const report = await watch.ended;
  if (!report) throw new Error('the watch has no ended promise');
  return { achieved: report.rate.achieved, error: report.rate.pacingError, cpu: (cpuMicros() - cpu) / report.sent };
}

/** The baseline: the same schedule and sender, nothing recorded but a count. */
async function plainRun(url: string, rate: number): Promise<{ cpu: number }> {
  const target = targetOf(url);
  const pool = createPool(target, 64);
  const cpu = cpuMicros();
  const start = performance.now();
  const pacer = new Pacer(rate, start);
  let sent = 0;
  let out = 0;
  while (performance.now() - start < SECONDS * 1000) {
    for (let due = pacer.due(performance.now()); due > 0; due -= 1) {
      sent += 1;
      out += 1;
      void sendOne(pool, target, { timeoutMs: 5_000 }).then(() => (out -= 1));
    }
    await sleep(Math.max(0, pacer.nextAt() - performance.now()));
  }
  while (out > 0) await sleep(5);
  const perRequest = (cpuMicros() - cpu) / sent;
  await pool.close();
  return { cpu: perRequest };
}

/** A clock that jumps: the 6 h watch runs in seconds. */
function jumpingClock(): WatchClock & { run: (ms: number) => Promise<void> } {
  let t = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => t,
    after(ms, run) {
      const timer = { at: t + Math.max(0, ms), run };
      timers.push(timer);
      return () => (timers = timers.filter((x) => x !== timer));
    },
    async run(ms) {
      const end = t + ms;
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift();
        if (!next || next.at > end) {
          if (next) timers.unshift(next);
          break;
        }
        t = next.at;
        next.run();
        for (let i = 0; i < 6; i += 1) await Promise.resolve();
      }
      t = end;
    },
  };
}

async function heapOfLongWatch(hours: number): Promise<number> {
  const clock = jumpingClock();
  const dispatcher = {
    dispatch(_o: unknown, handler: Dispatcher.DispatchHandler) {
      queueMicrotask(() => {
        handler.onResponseStart?.({} as never, 200, {}, '');
        handler.onResponseData?.({} as never, Buffer.from('a\n'));
        handler.onResponseEnd?.({} as never, {});
      });
      return true;
    },
    close: () => Promise.resolve(),
  } as unknown as Dispatcher;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const watch = await startWatch({ url: 'http://alb.test/hostname', dispatcher, clock, durationMs: hours * 3_600_000 });
  await clock.run(hours * 3_600_000 + 1);
  const report = await watch.stop();
  gc?.();
  const grown = process.memoryUsage().heapUsed - before;
  if (report.sent === 0) throw new Error('the long watch sent nothing');
  return grown;
}

const farm = await startRemoteFarm(4);
try {
  console.log(`Watch pacing: achieved against asked, ${SECONDS} s each (a local round-robin over 4 backends)`);
  for (const rate of RATES) {
    const run = await watchRun(farm.url, rate);
    const ok = run.error <= 0.05 ? 'ok' : 'OUTSIDE 5 %';
    console.log(
      `  ${String(rate).padStart(4)} req/s asked  ${run.achieved.toFixed(1).padStart(6)} achieved  ratio ${(run.achieved / rate).toFixed(3)}  ${ok}`,
    );
  }
  await plainRun(farm.url, OVERHEAD_RATE); // warm-up
  const plain = await plainRun(farm.url, OVERHEAD_RATE);
  const watched = await watchRun(farm.url, OVERHEAD_RATE);
  console.log(`Watch overhead at ${OVERHEAD_RATE} req/s, CPU per request in this process:`);
  console.log(`  plain fixed-rate loop  ${plain.cpu.toFixed(0)} µs`);
  console.log(`  watch                  ${watched.cpu.toFixed(0)} µs`);
  console.log(`  ratio                  ${(watched.cpu / plain.cpu).toFixed(2)}`);
} finally {
  await farm.stop();
}
const oneHour = await heapOfLongWatch(1);
const sixHours = await heapOfLongWatch(6);
console.log('Watch memory: heap kept by a watch at 20 req/s on a fake clock (one bucket per second)');
console.log(
  `  1 h  ${(oneHour / 1024 / 1024).toFixed(1)} MB   6 h  ${(sixHours / 1024 / 1024).toFixed(1)} MB   ratio ${(sixHours / oneHour).toFixed(2)} (6 = grows with seconds only)`,
);
