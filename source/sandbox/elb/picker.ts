import type { RoutedTarget } from './group-route.js';
import type { GroupSettings } from './group-settings.js';

/**
 * Each target's share while slow start ramps it up: `(now - healthySince) / duration`, up to 1,
 * for targets that got healthy after slow start was turned on (`onSince`; the ones healthy then do
 * not ramp). Undefined when every share is the same (slow start off, no target ramping), and also
 * when every target is ramping: as on AWS, a target enters slow start only while at least one
 * healthy target is out of it (a group's first targets, or all after a restart, get full shares).
 */
export function slowStartWeights(
  candidates: readonly RoutedTarget[],
  slowStart: { slowStartMs: number; slowStartOnSince: number },
  now: number,
): number[] | undefined {
  const { slowStartMs, slowStartOnSince } = slowStart;
  if (slowStartMs <= 0) return undefined;
  const weights = candidates.map((c) =>
    c.healthySince === undefined || c.healthySince < slowStartOnSince
      ? 1
      : Math.max(0, Math.min(1, (now - c.healthySince) / slowStartMs)),
  );
  if (weights.every((w) => w >= 1) || weights.every((w) => w < 1)) return undefined;
  return weights;
}

type Rotation = { cursor: number; credit: Map<string, number>; list?: readonly RoutedTarget[] };

/**
 * One load balancer node's choice of target, as each ALB node makes it on its own: its own
 * rotation per target group (and AZ), its own count of requests in flight per target.
 * `round_robin` takes turns (weighted by slow start while a target ramps up, smooth weighted
 * round robin), `least_outstanding_requests` takes the target with the fewest requests in flight
 * from this node (turns break ties), `weighted_random` draws (every target weighs the same here).
 */
export class TargetPicker {
  private readonly rotations = new Map<string, Rotation>();
  private readonly inFlight = new Map<string, number>();

  /** The target for one request among `candidates` (non-empty), rotating within `scope`. */
  pick(
    scope: string,
    candidates: readonly RoutedTarget[],
    settings: Pick<GroupSettings, 'algorithm' | 'slowStartMs' | 'slowStartOnSince'>,
    now: number,
  ): RoutedTarget | undefined {
    if (candidates.length <= 1) return candidates[0];
    if (settings.algorithm === 'weighted_random') return candidates[Math.floor(Math.random() * candidates.length)];
    const rotation = this.rotation(scope, candidates);
    const turn = rotation.cursor++;
    if (settings.algorithm === 'least_outstanding_requests') return this.leastOutstanding(candidates, turn);
    const weights = slowStartWeights(candidates, settings, now);
    if (!weights) return candidates[turn % candidates.length];
    return smoothWeighted(rotation.credit, candidates, weights);
  }

  /** Counts a request to `key` as in flight until the returned function is called (once). */
  started(key: string): () => void {
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }

  private rotation(scope: string, candidates: readonly RoutedTarget[]): Rotation {
    let rotation = this.rotations.get(scope);
    if (!rotation) {
      rotation = { cursor: 0, credit: new Map() };
      this.rotations.set(scope, rotation);
    }
    if (rotation.list !== candidates) {
      const keys = new Set(candidates.map((c) => c.key));
      for (const key of rotation.credit.keys()) if (!keys.has(key)) rotation.credit.delete(key);
      rotation.list = candidates;
    }
    return rotation;
  }

  private leastOutstanding(candidates: readonly RoutedTarget[], turn: number): RoutedTarget | undefined {
    let best: RoutedTarget | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < candidates.length; i += 1) {
      const candidate = candidates[(turn + i) % candidates.length];
      const count = candidate ? (this.inFlight.get(candidate.key) ?? 0) : Number.POSITIVE_INFINITY;
      if (count < fewest) {
        fewest = count;
        best = candidate;
      }
    }
    return best;
  }
}

/** Smooth weighted round robin: every target gains its weight, the richest is picked and pays the total. */
function smoothWeighted(
  credit: Map<string, number>,
  candidates: readonly RoutedTarget[],
  weights: readonly number[],
): RoutedTarget | undefined {
  let best: RoutedTarget | undefined;
  let bestCredit = Number.NEGATIVE_INFINITY;
  let total = 0;
  for (let i = 0; i < candidates.length; i += 1) {
    const candidate = candidates[i] as RoutedTarget;
    const weight = weights[i] ?? 1;
    const next = (credit.get(candidate.key) ?? 0) + weight;
    credit.set(candidate.key, next);
    total += weight;
    if (next > bestCredit) {
      bestCredit = next;
      best = candidate;
    }
  }
  if (best) credit.set(best.key, bestCredit - total);
  return best;
}
