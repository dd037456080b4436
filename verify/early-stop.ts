import { balanceCounts, evenSpread } from './balance.js';
import type { Tally } from './tally.js';
import type { VerificationOptions } from './types.js';

/**
 * Evidence strong enough to stop with a FAIL before the cap: under an even split, what we saw
 * would happen less than once in a million runs. Much stricter than the verdict's α, so that
 * checking after every answer does not make false FAILs likely.
 */
export const CERTAIN = 1e-6;

export type EarlyStopContext = Pick<VerificationOptions, 'maxErrorRate' | 'maxRequests' | 'alpha' | 'minPerBackend'> & {
  expectedIds: readonly string[];
  expectedCount: number | undefined;
};

/**
 * Whether the verdict is already settled after the latest answer. `settled-pass`: every expected
 * backend answered at least `minPerBackend` times, the spread passes at α and the error rate is
 * within limits. `settled-fail`: an unexpected backend answered, the error budget of the whole
 * run is spent, a backend stayed silent for so long that an even split cannot explain it, or the
 * spread is uneven beyond doubt. Without expectations only the error budget can end a run early.
 */
export function settled(tally: Tally, context: EarlyStopContext): 'settled-pass' | 'settled-fail' | undefined {
  if (tally.failed > context.maxErrorRate * context.maxRequests) return 'settled-fail';
  const k = context.expectedCount;
  if (k === undefined || k === 0) return undefined;
  if (context.expectedIds.length > 0) {
    for (const id of tally.backends.keys()) if (!context.expectedIds.includes(id)) return 'settled-fail';
  } else if (tally.backends.size > k) {
    return 'settled-fail';
  }
  const counts = balanceCounts(new Map([...tally.backends].map(([id, b]) => [id, b.count])), context.expectedIds, k);
  const answered = counts.reduce((a, b) => a + b, 0);
  const smallest = Math.min(...counts);
  if (smallest === 0 && (1 - 1 / k) ** answered < CERTAIN) return 'settled-fail';
  const spread = evenSpread(counts);
  if (spread.enoughData && spread.pValue < CERTAIN) return 'settled-fail';
  const withinErrorLimit = tally.failed <= context.maxErrorRate * (tally.ok + tally.failed);
  if (smallest >= context.minPerBackend && spread.pValue >= context.alpha && withinErrorLimit) return 'settled-pass';
  return undefined;
}
