import { recordOutcome, type Tally } from '../../../verify/tally.js';

/** A small seeded PRNG (mulberry32) so simulated runs are repeatable. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Backend ids as an ALB hands them out: `nodes` load balancer nodes (one per AZ), each rotating
 * over every backend on its own from a random starting point; each request goes to a random node.
 */
export function albRotation(ids: readonly string[], nodes: number, random: () => number): () => string {
  const pointers = Array.from({ length: nodes }, () => Math.floor(random() * ids.length));
  return () => {
    const node = Math.floor(random() * nodes);
    const pointer = pointers[node] ?? 0;
    pointers[node] = pointer + 1;
    return ids[pointer % ids.length] ?? '';
  };
}

/** Records `n` successful answers from `next()` with a 2 ms latency. */
export function answer(tally: Tally, n: number, next: () => string): void {
  for (let i = 0; i < n; i += 1) {
    tally.sent += 1;
    recordOutcome(tally, { kind: 'ok', id: next(), latencyMs: 2 });
  }
}

export const ids = (k: number, prefix = 'b'): string[] =>
  Array.from({ length: k }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);
