// `npm run bench`, second part: the sandbox's load balancer as the number of targets grows. A
// `sandbox serve` process runs an ALB in front of an ECS service scaled to 10, 100 and 400 tasks;
// this process measures throughput through one node (autocannon) and the verifier's early PASS
// over every node. The goals compare the run with itself: throughput at 400 targets at least half
// that at 10, and the verifier's time per request flat as the targets grow (the requests a
// verdict needs grow with the targets by the statistics; what the verifier spends on each must
// not). The verifications here use --tolerance 1 (each share within 0–2× its fair share), so that
// 400 targets need ~15,000 requests rather than ~84,000.
import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { verify } from '../run.js';
import type { ExpectedBackend, VerifyNode } from '../types.js';
import { startSandboxStack } from './sandbox-stack.js';

const SIZES = [10, 100, 400];
const [SMALL = 10, MIDDLE = 100, LARGE = 400] = SIZES;
const CONNECTIONS = 8;
const ROUND_SECONDS = 2;
const ROUNDS = 2;
const VERIFY_RUNS = 3;
const TOLERANCE = 1;
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

/** Median wall time of verifier runs to an early PASS, per request too; also the backend ids the last run heard. */
async function verification(
  stack: { lbUrl: string; nodes: VerifyNode[] },
  expect: { expectCount: number } | { expected: ExpectedBackend[] },
): Promise<{ ms: number; perRequest: number; requests: number; ids: string[] }> {
  const times: number[] = [];
  const perRequest: number[] = [];
  let last: Awaited<ReturnType<typeof verify>> | undefined;
  for (let run = 0; run < VERIFY_RUNS; run += 1) {
    const started = performance.now();
    last = await verify({ url: stack.lbUrl, nodes: stack.nodes, tolerance: TOLERANCE, ...expect });
    times.push(performance.now() - started);
    perRequest.push((performance.now() - started) / Math.max(1, last.sent));
    if (last.verdict !== 'PASS')
      throw new Error(`sandbox bench: verification gave ${last.verdict} (${last.stoppedBecause})`);
  }
  return {
    ms: median(times),
    perRequest: median(perRequest),
    requests: last?.sent ?? 0,
    ids: (last?.backends ?? []).map((b) => b.id),
  };
}

const started = performance.now();
const stack = await startSandboxStack();
const perRequest = new Map<number, number>();
const rates = new Map<number, number>();
let restShare: number | undefined;
try {
  console.log(
    '\nsandbox load balancer: an ALB in front of an ECS service on `sandbox serve` (time scale 600, health checks every 10 s AWS);',
  );
  console.log(
    `verification = median of ${VERIFY_RUNS} verifier runs to an early PASS over all ${stack.nodes.length} nodes at --tolerance ${TOLERANCE}, throughput = autocannon on one node, ${CONNECTIONS} connections, best of ${ROUNDS} × ${ROUND_SECONDS} s:`,
  );
  for (const size of SIZES) {
    await stack.scaleTo(size);
    if (size === LARGE) restShare = await stack.cpuShare(REST_MS);
    const byCount = await verification(stack, { expectCount: size });
    const byIds = await verification(stack, { expected: byCount.ids.map((id) => ({ id })) });
    perRequest.set(size, byIds.perRequest);
    let line = `  ${String(size).padStart(3)} targets: verification ${byCount.ms.toFixed(0)} ms (${byCount.requests} requests); with the ids expected, as the wizard verifies, ${byIds.ms.toFixed(0)} ms (${byIds.requests} requests, ${(byIds.perRequest * 1000).toFixed(0)} µs per request)`;
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
// Flat per request: the verifier's own cost must not grow with the targets (the statistics decide how many requests).
const growth = (perRequest.get(LARGE) ?? 0) / (perRequest.get(MIDDLE) ?? 1);
console.log(
  `  verification time per request, ${LARGE} / ${MIDDLE} targets: ${growth.toFixed(2)} (goal ≤ 1.5: flat in N) ${growth <= 1.5 ? 'ok' : 'GROWS'}`,
);
if (restShare !== undefined)
  console.log(
    `  sandbox process at rest with ${LARGE} healthy targets (health checks only): ${(restShare * 100).toFixed(0)} % of a core`,
  );
console.log(`sandbox bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
