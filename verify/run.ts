import { findCauses } from './causes.js';
import { settled, type EarlyStopContext } from './early-stop.js';
import { reachableNodes } from './node-probe.js';
import { NodePools } from './node-pools.js';
import { nodeKey, nodeSource, type NodeSource } from './nodes.js';
import { expectedCountOf, resolveOptions } from './options.js';
import { sendOne } from './send.js';
import { summarize } from './summarize.js';
import { createTally, nodeTally, recordOutcome, type Tally } from './tally.js';
import type { StopReason, VerificationInput, VerificationOptions, VerificationReport, VerifyNode } from './types.js';
import { judge } from './verdict.js';

/** `promise`, or `fallback` once `ms` have passed: a node lookup must not hold the run up for long. */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise.catch(() => fallback), late]).finally(() => clearTimeout(timer));
}

/** The caller's nodes: its resolver failing is an error of the run, with the action named. */
export async function callerNodes(source: NodeSource): Promise<VerifyNode[]> {
  try {
    return await source.find();
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`find the load balancer's nodes: ${why}`, { cause });
  }
}

/** Registers every node the pools know in the tally, so that a node no request reached is still reported. */
function registerNodes(tally: Tally, pools: NodePools): void {
  for (const route of pools.all()) nodeTally(tally, route.key, route.node, route.gone);
}

/**
 * Finds the load balancer's nodes (every address of its name, or the caller's), then fires GET
 * requests from `concurrency` workers, rotating over the nodes, until the verdict is settled, the
 * request cap or the time budget is reached, or `signal` aborts; looks the nodes up again every
 * `reresolveMs` on a long run; then summarizes, judges and names the causes it can see. Never
 * throws for network trouble (every failure is counted and reported); only a caller's node
 * resolver that fails at the start is thrown, wrapped with the action.
 */
export async function verify(input: VerificationInput): Promise<VerificationReport> {
  const options = resolveOptions(input);
  const now = input.now ?? Date.now;
  const pools = new NodePools(options.url, options.concurrency, input.dispatcher);
  const source = nodeSource(input);
  const found = !source
    ? []
    : source.dns
      ? await within(source.find(), options.timeoutMs, [])
      : await callerNodes(source);
  // Addresses this machine cannot connect to at all (IPv6 without a route) are set aside, and said so.
  const { reachable, unreachable } = source?.dns
    ? await reachableNodes(found, options.timeoutMs)
    : { reachable: found, unreachable: [] };
  const setAside = new Set(unreachable.map((u) => nodeKey(u.node)));
  if (reachable.length > 0) pools.update(reachable);
  else pools.useOrigin();
  const tally = createTally();
  registerNodes(tally, pools);
  for (const { node, code } of unreachable) nodeTally(tally, nodeKey(node), node).unreachable = code;
  const context: EarlyStopContext = {
    ...options,
    expectedIds: [...new Set((options.expected ?? []).map((b) => b.id))],
    expectedCount: expectedCountOf(options),
  };
  const startedAt = now();
  const deadline = startedAt + options.budgetMs;
  let decided: 'settled-pass' | 'settled-fail' | undefined;
  let lastProgress = startedAt;
  let lastResolved = startedAt;
  let resolving = false;
  const progressEveryMs = input.progressEveryMs ?? 100;

  const reresolve = (): void => {
    if (!source?.changes || found.length === 0 || resolving || now() - lastResolved < options.reresolveMs) return;
    resolving = true;
    void within(source.find(), options.timeoutMs, [])
      .then((nodes) => {
        pools.update(nodes.filter((n) => !setAside.has(nodeKey(n))));
        registerNodes(tally, pools);
      })
      .finally(() => {
        resolving = false;
        lastResolved = now();
      });
  };

  const canSend = (): boolean =>
    decided === undefined && tally.sent < options.maxRequests && now() < deadline && !input.signal?.aborted;

  const worker = async (): Promise<void> => {
    while (canSend()) {
      reresolve();
      const route = pools.next();
      const node = nodeTally(tally, route.key, route.node, route.gone);
      tally.sent += 1;
      node.sent += 1;
      const outcome = await sendOne(route.dispatcher, route.target, options);
      recordOutcome(tally, outcome, node);
      // Judged again after every answer, in-flight ones too: the run ends on a tally that is settled.
      decided = settled(tally, context);
      if (input.onProgress && now() - lastProgress >= progressEveryMs) {
        lastProgress = now();
        input.onProgress(summarize(tally, options));
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await pools.close();
  }
  const durationMs = now() - startedAt;
  const stoppedBecause: StopReason =
    decided ?? (input.signal?.aborted ? 'aborted' : tally.sent >= options.maxRequests ? 'request-cap' : 'time-budget');
  return buildReport(options, tally, stoppedBecause, startedAt, durationMs);
}

function buildReport(
  options: VerificationOptions,
  tally: Tally,
  stoppedBecause: StopReason,
  startedAt: number,
  durationMs: number,
): VerificationReport {
  const summary = summarize(tally, options);
  const judgement = judge(summary, options);
  const judged = { ...summary, backends: judgement.backends };
  const findings = findCauses(judged, options.topology, {
    spread: judgement.spread,
    allAnswered: judgement.criteria.find((c) => c.id === 'all-answered')?.pass ?? false,
    startedAt,
  });
  return {
    url: options.url,
    ...judged,
    verdict: judgement.verdict,
    criteria: judgement.criteria,
    ...(judgement.spread ? { spread: judgement.spread } : {}),
    findings,
    stoppedBecause,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(durationMs),
    requestsPerSecond: durationMs > 0 ? Math.round((summary.sent / durationMs) * 1000) : 0,
    options: {
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      budgetMs: options.budgetMs,
      maxRequests: options.maxRequests,
      maxErrorRate: options.maxErrorRate,
      tolerance: options.tolerance,
      confidence: options.confidence,
      minPerBackend: options.minPerBackend,
      hostnameRegex: options.hostnameRegex?.source,
      connectTo: options.connectTo,
    },
  };
}
