import type { VerifyNode } from '../types.js';
import { startBackend, startRoundRobin, type Running } from './fixture.js';

/** One Availability Zone of the fake load balancer: its node's loopback address and its backends' ids. */
export type FakeZone = { zone: string; address: string; backends: string[] };

/**
 * A load balancer with one node per zone, as an ALB has: each node is its own round-robin on its
 * own loopback address (127.0.0.0/8, a port the OS picks), over every backend with cross-zone on,
 * or only its zone's backends with cross-zone off. Not the sandbox: a neutral stand-in.
 */
export async function startZonedFarm(
  zones: FakeZone[],
  crossZone: boolean,
): Promise<{ nodes: VerifyNode[]; backends: Map<string, Running>; close: () => Promise<void> }> {
  const backends = new Map<string, Running>();
  for (const id of zones.flatMap((z) => z.backends)) backends.set(id, await startBackend({ id }));
  const portsOf = (ids: string[]): number[] => ids.flatMap((id) => backends.get(id)?.port ?? []);
  const everyone = portsOf(zones.flatMap((z) => z.backends));
  const balancers = await Promise.all(
    zones.map((z) => startRoundRobin(crossZone ? everyone : portsOf(z.backends), z.address)),
  );
  return {
    nodes: zones.map((z, i) => ({ address: z.address, port: balancers[i]?.port ?? 0, zone: z.zone })),
    backends,
    close: async () => {
      await Promise.all(balancers.map((b) => b.close()));
      await Promise.all([...backends.values()].map((b) => b.close()));
    },
  };
}
