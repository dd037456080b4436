import { reachableNodes } from './node-probe.js';
import { NodePools } from './node-pools.js';
import { nodeKey, nodeSource } from './nodes.js';
import { callerNodes, within } from './run.js';
import type { WatchInput } from './watch-types.js';

/** The watch's load balancer nodes and their keep-alive pools, looked up again on a long watch. */
export type WatchNodes = { pools: NodePools; refresh: (nowMs: number) => void };

/**
 * Finds the nodes as `verify` does (the caller's resolver or nodes, `--connect-to`, or every DNS
 * address, unreachable ones set aside) and opens a pool of up to `connections` per node; `refresh`
 * looks them up again once `reresolveMs` (default 30 s) has passed since the last look, never
 * holding the pace up (the lookup runs beside it). A caller's resolver that fails at the start is thrown.
 */
export async function openNodes(input: WatchInput, timeoutMs: number, connections: number): Promise<WatchNodes> {
  const pools = new NodePools(input.url, connections, input.dispatcher);
  const source = nodeSource(input);
  const found = !source ? [] : source.dns ? await within(source.find(), timeoutMs, []) : await callerNodes(source);
  const { reachable, unreachable } = source?.dns
    ? await reachableNodes(found, timeoutMs)
    : { reachable: found, unreachable: [] };
  const setAside = new Set(unreachable.map((u) => nodeKey(u.node)));
  if (reachable.length > 0) pools.update(reachable);
  else pools.useOrigin();
  const everyMs = input.reresolveMs ?? 30_000;
  let last: number | undefined;
  let busy = false;
  const refresh = (nowMs: number): void => {
    last ??= nowMs;
    if (!source?.changes || found.length === 0 || busy || nowMs - last < everyMs) return;
    busy = true;
    last = nowMs;
    void within(source.find(), timeoutMs, [])
      .then((nodes) => pools.update(nodes.filter((n) => !setAside.has(nodeKey(n)))))
      .finally(() => {
        busy = false;
      });
  };
  return { pools, refresh };
}
