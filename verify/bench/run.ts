// `npm run bench`: the verifier's throughput next to autocannon's against the same local
// round-robin, the requests and time a verdict needs (an even split over 3 and 20 backends must
// PASS, 2:1:1 and 5:1:1 must FAIL), and memory over 100,000 requests. Numbers depend on the
// machine; run it on an idle one.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { verify } from '../run.js';
import { startBackend, startFarm } from './fixture.js';

const CONCURRENCY = 8;
const ROUND_SECONDS = 3;
const ROUNDS = 2;
const MEMORY_REQUESTS = 100_000;
/** Keeps a throughput or memory run from settling early: it must run to its cap or budget. */
const NEVER_SETTLE = { minPerBackend: Number.MAX_SAFE_INTEGER };

const ids = (k: number): string[] => Array.from({ length: k }, (_, i) => (0xa00000000000 + i * 7919).toString(16));
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** The 4-backend round-robin in a child process; resolves to its URL and a stop function. */
async function startRemoteFarm(): Promise<{ url: string; directUrl: string; stop: () => Promise<void> }> {
  const script = fileURLToPath(new URL('./serve.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '4'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const { port, backendPort } = JSON.parse(line.toString()) as { port: number; backendPort: number };
  return {
    url: `http://127.0.0.1:${port}/hostname`,
    directUrl: `http://127.0.0.1:${backendPort}/hostname`,
    stop: async () => {
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}

const cpuMicros = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** Requests/s and this process's CPU µs per request of one measured run. */
async function measure(run: () => Promise<number>): Promise<{ perSecond: number; cpuPerRequest: number }> {
  const cpu = cpuMicros();
  const started = performance.now();
  const requests = await run();
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: requests / seconds, cpuPerRequest: (cpuMicros() - cpu) / requests };
}

/** `goal`: the ratio the issue sets for this target; without one the line is for reference only. */
async function throughput(label: string, url: string, goal?: number): Promise<void> {
  await verify({ url, concurrency: CONCURRENCY, maxRequests: 2_000, ...NEVER_SETTLE }); // warm-up
  await autocannon({ url, connections: CONCURRENCY, amount: 2_000 });
  const ours: Awaited<ReturnType<typeof measure>>[] = [];
  const theirs: Awaited<ReturnType<typeof measure>>[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    ours.push(
      await measure(
        async () =>
          (
            await verify({
              url,
              concurrency: CONCURRENCY,
              maxRequests: 10_000_000,
              budgetMs: ROUND_SECONDS * 1000,
              ...NEVER_SETTLE,
            })
          ).sent,
      ),
    );
    theirs.push(
      await measure(
        async () => (await autocannon({ url, connections: CONCURRENCY, duration: ROUND_SECONDS })).requests.total,
      ),
    );
  }
  const best = (xs: { perSecond: number }[]): number => Math.max(...xs.map((x) => x.perSecond));
  const cpu = (xs: { cpuPerRequest: number }[]): number => Math.min(...xs.map((x) => x.cpuPerRequest));
  const ratio = best(ours) / best(theirs);
  console.log(`throughput, ${label}, concurrency ${CONCURRENCY}, best of ${ROUNDS} × ${ROUND_SECONDS} s:`);
  console.log(`  verifier    ${Math.round(best(ours))} req/s, ${cpu(ours).toFixed(0)} µs CPU per request`);
  console.log(`  autocannon  ${Math.round(best(theirs))} req/s, ${cpu(theirs).toFixed(0)} µs CPU per request`);
  const verdict =
    goal === undefined
      ? '(for reference: no goal, the client CPU is the limit here)'
      : `(goal ≥ ${goal.toFixed(2)}) ${ratio >= goal ? 'ok' : 'BELOW GOAL'}`;
  console.log(`  ratio       ${ratio.toFixed(2)} ${verdict}`);
}

/**
 * One verification against a weighted round-robin over k backends (`weights`, default even), at
 * the defaults: the verdict, the requests it took and how long, against the goal.
 */
async function verdictRun(label: string, weights: number[], want: 'PASS' | 'FAIL', limit?: number): Promise<void> {
  const backends = ids(weights.length);
  const farm = await startFarm(backends.map((id, i) => ({ id, weight: weights[i] })));
  try {
    const started = performance.now();
    const report = await verify({ url: `${farm.balancer.url}/hostname`, expected: backends.map((id) => ({ id })) });
    const ms = performance.now() - started;
    const met =
      report.verdict === want &&
      report.stoppedBecause.startsWith('settled') &&
      (limit === undefined || report.sent <= limit);
    const goal = `${want}${limit === undefined ? '' : ` within ${limit}`}`;
    console.log(
      `  ${label.padEnd(22)} ${report.verdict} (${report.spread?.outcome ?? '-'}) after ${String(report.sent).padStart(5)} requests in ${ms.toFixed(0).padStart(4)} ms (goal ${goal}) ${met ? 'ok' : 'MISSED'}`,
    );
  } finally {
    await farm.close();
  }
}

async function memory(): Promise<void> {
  const backend = await startBackend({ id: 'memory-probe' });
  try {
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let at10k = 0;
    const started = performance.now();
    const report = await verify({
      url: `${backend.url}/hostname`,
      concurrency: CONCURRENCY,
      maxRequests: MEMORY_REQUESTS,
      budgetMs: 120_000,
      progressEveryMs: 250,
      ...NEVER_SETTLE,
      onProgress: (summary) => {
        const used = process.memoryUsage().heapUsed;
        peak = Math.max(peak, used);
        if (at10k === 0 && summary.sent >= 10_000) at10k = used;
      },
    });
    gc();
    const after = process.memoryUsage().heapUsed;
    const seconds = (performance.now() - started) / 1000;
    console.log(`memory over ${report.sent} requests (${seconds.toFixed(1)} s, direct to one backend):`);
    console.log(
      `  heap before ${mb(before)}, at 10,000 requests ${mb(at10k)}, peak ${mb(peak)}, after (gc) ${mb(after)}`,
    );
    console.log(
      `  retained after the run: ${mb(after - before)} ${after - before < 5 * 1024 * 1024 ? '(flat)' : '(GROWS)'}`,
    );
  } finally {
    await backend.close();
  }
}

const started = performance.now();
const remote = await startRemoteFarm();
try {
  await throughput('round-robin over 4 local backends (separate process)', remote.url, 0.8);
  await throughput('one backend directly (separate process)', remote.directUrl);
} finally {
  await remote.stop();
}
console.log(
  'verdicts at the defaults (±35% of the fair share, 99% confidence; concurrency 8, weighted round-robin proxy):',
);
const even = (k: number): number[] => Array.from({ length: k }, () => 1);
await verdictRun('even over 3 backends', even(3), 'PASS', 300);
await verdictRun('even over 20 backends', even(20), 'PASS', 3000);
await verdictRun('2:1:1', [2, 1, 1], 'FAIL');
await verdictRun('5:1:1', [5, 1, 1], 'FAIL');
await memory();
console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
