// `npm run bench`, second part: the sandbox's load balancer as the number of targets grows. A
// `sandbox serve` process runs an ALB in front of an ECS service scaled to 10, 100 and 400 tasks;
// this process measures throughput through the listener (autocannon) and the time the verifier
// needs for an early PASS. The goals compare the run with itself: throughput at 400 targets at
// least half that at 10, and verification time linear in the number of targets.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { verify } from '../run.js';
import type { ExpectedBackend } from '../types.js';
import { startSandboxStack } from './sandbox-stack.js';

const SIZES = [10, 100, 400];
const [SMALL = 10, MIDDLE = 100, LARGE = 400] = SIZES;
const CONNECTIONS = 8;
const ROUND_SECONDS = 2;
const ROUNDS = 2;
const VERIFY_RUNS = 3;
const REST_MS = 2_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Best requests/s of a few rounds through the listener, after a warm-up. */
async function throughput(url: string): Promise<number> {
  await autocannon({ url, connections: CONNECTIONS, amount: 2_000 });
  let best = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    const result = await autocannon({ url, connections: CONNECTIONS, duration: ROUND_SECONDS });
    if (result.errors + result.timeouts + result.non2xx > 0)
      throw new Error(`sandbox bench: ${result.non2xx} non-2xx, ${result.errors} errors through the listener`);
    best = Math.max(best, result.requests.total / result.duration);
  }
  return best;
}

/** Median wall time of verifier runs to an early PASS; also the backend ids the last run heard. */
async function verification(
  url: string,
  expect: { expectCount: number } | { expected: ExpectedBackend[] },
): Promise<{ ms: number; requests: number; ids: string[] }> {
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof verify>> | undefined;
  for (let run = 0; run < VERIFY_RUNS; run += 1) {
    const started = performance.now();
    last = await verify({ url, ...expect });
    times.push(performance.now() - started);
    if (last.verdict !== 'PASS')
      throw new Error(`sandbox bench: verification gave ${last.verdict} (${last.stoppedBecause})`);
  }
  return { ms: median(times), requests: last?.sent ?? 0, ids: (last?.backends ?? []).map((b) => b.id) };
}

const started = performance.now();
const stack = await startSandboxStack();
const counted = new Map<number, number>();
const rates = new Map<number, number>();
let restShare: number | undefined;
try {
  console.log(
    '\nsandbox load balancer: an ALB in front of an ECS service on `sandbox serve` (time scale 600, health checks every 10 s AWS);',
  );
  console.log(
    `verification = median of ${VERIFY_RUNS} verifier runs to an early PASS (10 answers per target), throughput = autocannon, ${CONNECTIONS} connections, best of ${ROUNDS} × ${ROUND_SECONDS} s:`,
  );
  for (const size of SIZES) {
    await stack.scaleTo(size);
    if (size === LARGE) restShare = await stack.cpuShare(REST_MS);
    const byCount = await verification(stack.url, { expectCount: size });
    const byIds = await verification(stack.url, { expected: byCount.ids.map((id) => ({ id })) });
    counted.set(size, byCount.ms);
    let line = `  ${String(size).padStart(3)} targets: verification ${byCount.ms.toFixed(0)} ms (${byCount.requests} requests, ${(byCount.ms / size).toFixed(2)} ms per target); with the ids expected, as the wizard verifies, ${byIds.ms.toFixed(0)} ms`;
    if (size === SMALL || size === LARGE) {
      rates.set(size, await throughput(stack.url));
      line += `; throughput ${Math.round(rates.get(size) ?? 0)} req/s`;
    }
    console.log(line);
  }
} finally {
  await stack.stop();
}
const ratio = (rates.get(LARGE) ?? 0) / (rates.get(SMALL) ?? 1);
console.log(
  `  throughput ${LARGE} / ${SMALL} targets: ${ratio.toFixed(2)} (goal ≥ 0.50) ${ratio >= 0.5 ? 'ok' : 'BELOW GOAL'}`,
);
// Linear in N: each added target costs the same, whether it is the 50th or the 300th.
const marginal = (from: number, to: number): number =>
  ((counted.get(to) ?? 0) - (counted.get(from) ?? 0)) / (to - from);
const [early, late] = [marginal(SMALL, MIDDLE), marginal(MIDDLE, LARGE)];
const growth = late / early;
console.log(
  `  verification per added target: ${early.toFixed(2)} ms (${SMALL}→${MIDDLE}), ${late.toFixed(2)} ms (${MIDDLE}→${LARGE}); ratio ${growth.toFixed(2)} (goal ≤ 1.5: linear in N) ${growth <= 1.5 ? 'ok' : 'GROWS'}`,
);
if (restShare !== undefined)
  console.log(
    `  sandbox process at rest with ${LARGE} healthy targets (health checks only): ${(restShare * 100).toFixed(0)} % of a core`,
  );
console.log(`sandbox bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
