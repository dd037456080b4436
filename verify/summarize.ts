import { explainMissing } from './explain.js';
import { quantile, type Histogram } from './histogram.js';
import { expectedCountOf } from './options.js';
import { errorEntries, errorLabel, type NodeTally, type Tally } from './tally.js';
import type { BackendSummary, ExpectedBackend, Latency, NodeSummary, Summary, VerificationOptions } from './types.js';

function latencyOf(histogram: Histogram): Latency | undefined {
  const p50 = quantile(histogram, 0.5);
  const p95 = quantile(histogram, 0.95);
  const p99 = quantile(histogram, 0.99);
  if (p50 === undefined || p95 === undefined || p99 === undefined) return undefined;
  return { p50, p95, p99 };
}

function uniqueById(expected: readonly ExpectedBackend[]): ExpectedBackend[] {
  const seen = new Map<string, ExpectedBackend>();
  for (const backend of expected) if (!seen.has(backend.id)) seen.set(backend.id, backend);
  return [...seen.values()];
}

function nodeSummary(entry: NodeTally): NodeSummary {
  const { address, port, zone, subnetId } = entry.node;
  const backends = [...entry.backends.entries()]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([id, count]) => ({ id, count }));
  return {
    address,
    port,
    ...(zone ? { zone } : {}),
    ...(subnetId ? { subnetId } : {}),
    sent: entry.sent,
    ok: entry.ok,
    failed: entry.failed,
    backends,
    ...(entry.gone ? { gone: true } : {}),
    ...(entry.unreachable ? { unreachable: entry.unreachable } : {}),
  };
}

/**
 * The pure digest of a tally: one row per expected backend (in the given order, silent ones
 * with count 0) then every other backend heard from (most answers first), each load balancer
 * node with the backends it reached, errors by kind, unexpected and missing backends.
 */
export function summarize(tally: Tally, options: Pick<VerificationOptions, 'expected' | 'expectCount'>): Summary {
  const expected = uniqueById(options.expected ?? []);
  const expectedIds = new Set(expected.map((b) => b.id));
  const share = (count: number): number => (tally.ok === 0 ? 0 : count / tally.ok);
  const row = (id: string, meta: Partial<ExpectedBackend>, isExpected: boolean): BackendSummary => {
    const heard = tally.backends.get(id);
    const count = heard?.count ?? 0;
    return {
      ...meta,
      id,
      count,
      share: share(count),
      latency: heard && latencyOf(heard.latency),
      expected: isExpected,
    };
  };
  const expectedRows = expected.map((backend) => row(backend.id, backend, true));
  const others = [...tally.backends.entries()]
    .filter(([id]) => !expectedIds.has(id))
    .sort(([a, x], [b, y]) => y.count - x.count || a.localeCompare(b))
    .map(([id]) => row(id, {}, false));
  const expectedCount = expectedCountOf(options);
  const unexpected =
    expected.length > 0
      ? others.map((b) => b.id)
      : expectedCount !== undefined && others.length > expectedCount
        ? others.slice(expectedCount).map((b) => b.id)
        : [];
  return {
    sent: tally.ok + tally.failed,
    ok: tally.ok,
    failed: tally.failed,
    backends: [...expectedRows, ...others],
    nodes: [...tally.nodes.values()].map(nodeSummary),
    latency: latencyOf(tally.latency),
    errors: errorEntries(tally).map((e) => ({ ...e, label: errorLabel(e) })),
    unexpected,
    missing: expected
      .filter((b) => !tally.backends.has(b.id))
      .map((b) => ({ id: b.id, explanation: explainMissing(b) })),
    expectedCount,
    cookies: [...tally.cookies.entries()].map(([name, count]) => ({ name, count })),
  };
}
