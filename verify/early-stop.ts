import { balanceCounts, evennessPromised } from './balance.js';
import { bandOf, spreadOutcome, zFor } from './evenness.js';
import { DEFAULTS } from './options.js';
import type { Tally } from './tally.js';
import type { VerificationOptions } from './types.js';

/**
 * Silence strong enough to stop with a FAIL: under an even split, an expected backend staying
 * silent this long would happen less than once in a million runs.
 */
export const CERTAIN = 1e-6;

const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The expected ids as a set, built once per run (this runs after every answer). */
function idSet(ids: readonly string[]): ReadonlySet<string> {
  let set = sets.get(ids);
  if (!set) {
    set = new Set(ids);
    sets.set(ids, set);
  }
  return set;
}

export type EarlyStopContext = Pick<
  VerificationOptions,
  'maxErrorRate' | 'maxRequests' | 'tolerance' | 'confidence' | 'minPerBackend' | 'topology'
> & {
  expectedIds: readonly string[];
  expectedCount: number | undefined;
};

/**
 * Whether the verdict is already settled after the latest answer (checked after every one; the
 * evenness test's intervals allow for that, see `evenness.ts`).
 *
 * `settled-fail`: the error budget of the whole run is spent, an unexpected backend answered, an
 * expected backend stayed silent for so long that an even split cannot explain it, or the spread
 * is shown uneven. `settled-pass`: the spread is shown even (or is not promised, see
 * `evennessPromised`), every backend answered at least `minPerBackend` times and the error rate is
 * within limits. Without expectations the backends compared are the ones heard, and a PASS waits
 * for at least 100 answers, since a backend not heard yet cannot be told from one that is not there.
 */
export function settled(tally: Tally, context: EarlyStopContext): 'settled-pass' | 'settled-fail' | undefined {
  if (tally.failed > context.maxErrorRate * context.maxRequests) return 'settled-fail';
  const k = context.expectedCount;
  if (k !== undefined && k > 0) {
    if (context.expectedIds.length > 0) {
      const expected = idSet(context.expectedIds);
      for (const id of tally.backends.keys()) if (!expected.has(id)) return 'settled-fail';
    } else if (tally.backends.size > k) {
      return 'settled-fail';
    }
  }
  const heard = new Map<string, number>();
  for (const [id, backend] of tally.backends) heard.set(id, backend.count);
  const counts = balanceCounts(heard, context.expectedIds, k);
  if (counts.length === 0) return undefined;
  const answered = counts.reduce((a, b) => a + b, 0);
  const smallest = Math.min(...counts);
  if (k !== undefined && smallest === 0 && (1 - 1 / k) ** answered < CERTAIN) return 'settled-fail';
  const withinErrorLimit = tally.failed <= context.maxErrorRate * (tally.ok + tally.failed);
  const enough =
    smallest >= context.minPerBackend && (k !== undefined || answered >= DEFAULTS.requestsWithoutExpectations);
  if (counts.length < 2 || !evennessPromised(context.topology).promised)
    return enough && withinErrorLimit ? 'settled-pass' : undefined;
  const outcome = spreadOutcome(
    counts,
    bandOf(counts.length, context.tolerance),
    zFor(counts.length, context.confidence),
  );
  if (outcome === 'uneven') return 'settled-fail';
  return outcome === 'even' && enough && withinErrorLimit ? 'settled-pass' : undefined;
}
