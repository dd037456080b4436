import type { Topology } from './types.js';

/**
 * The counts the evenness test compares: one per expected backend (silent ones as 0), or per
 * backend heard from when no ids are known (padded with zeros up to `expectedCount`).
 */
export function balanceCounts(
  counts: ReadonlyMap<string, number>,
  expectedIds: readonly string[],
  expectedCount: number | undefined,
): number[] {
  if (expectedIds.length > 0) return expectedIds.map((id) => counts.get(id) ?? 0);
  const observed = [...counts.values()];
  if (expectedCount !== undefined && observed.length < expectedCount) {
    return [...observed, ...Array.from({ length: expectedCount - observed.length }, () => 0)];
  }
  return observed;
}

const ALGORITHM_WORDS: Record<string, string> = {
  round_robin: 'round robin',
  least_outstanding_requests: 'least outstanding requests',
  weighted_random: 'weighted random',
};

/** `least outstanding requests` for `least_outstanding_requests`; unknown values as given. */
export const algorithmWords = (algorithm: string): string => ALGORITHM_WORDS[algorithm] ?? algorithm;

/**
 * Whether the load balancer promises an even spread, so that evenness may be judged: round robin
 * does (the ALB default, and what is assumed when nothing is known), and so does weighted random
 * with equal weights; least outstanding requests sends more to faster targets, and anomaly
 * mitigation moves weight away from targets it finds anomalous. `why` says why not.
 */
export function evennessPromised(
  topology: Topology | undefined,
): { promised: true } | { promised: false; why: string } {
  const algorithm = topology?.algorithm;
  if (algorithm === undefined || algorithm === 'round_robin') return { promised: true };
  if (algorithm === 'weighted_random' && !topology?.anomalyMitigation) return { promised: true };
  if (algorithm === 'least_outstanding_requests')
    return {
      promised: false,
      why: 'the target group routes by least outstanding requests, which sends more to targets that answer faster',
    };
  if (algorithm === 'weighted_random')
    return {
      promised: false,
      why: 'the target group routes by weighted random with anomaly mitigation on, which moves weight away from targets it finds anomalous',
    };
  return { promised: false, why: `the target group routes by ${algorithmWords(algorithm)}` };
}
