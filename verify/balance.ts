import { evenSplitChiSquare } from './chi-square.js';

/** Expected answers per backend below which Pearson's chi-square is not trusted (Cochran's rule). */
export const MIN_EXPECTED_PER_CELL = 5;

/**
 * The counts the even-spread test compares: one per expected backend (silent ones as 0), or per
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

export type EvenSpread = { statistic: number; df: number; pValue: number; enoughData: boolean };

/** Chi-square of `counts` against an even split, and whether there were enough answers to judge. */
export function evenSpread(counts: readonly number[]): EvenSpread {
  const total = counts.reduce((a, b) => a + b, 0);
  const enoughData = counts.length > 0 && total / counts.length >= MIN_EXPECTED_PER_CELL;
  return { ...evenSplitChiSquare(counts), enoughData };
}
