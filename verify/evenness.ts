import { normalQuantile } from './normal.js';

/**
 * Evenness as an equivalence test. Each of k backends has a fair share 1/k; the spread is shown
 * even when every backend's share lies, with the stated confidence, within fair·(1 ± tolerance),
 * and shown uneven when some backend's share lies wholly outside that band. Until one is shown the
 * answer is "undecided": too few requests can never pass.
 *
 * The intervals are Wilson score intervals. Their level splits the error over the backends
 * (Bonferroni) and keeps half of it for looking again after every answer: each interval is at
 * 1 − (1 − confidence) / (2·max(k, 5)). The floor of 5 matters for 2 and 3 backends, whose few
 * intervals leave too little room for the repeated looks otherwise. Calibrated by simulation: a
 * share exactly at the band's edge passes in at most 1 % of runs within the default request cap.
 */

/** The band every share must lie in: fair·(1 ± tolerance). */
export type Band = { fair: number; low: number; high: number };

export type Interval = { low: number; high: number };

export type SpreadOutcome = 'even' | 'uneven' | 'undecided';

/** Smallest number of ways the error is split over, so that 2 or 3 backends are not judged looser. */
const MIN_SPLIT = 5;

/** Answers per backend, on average, before any outcome: Wilson intervals of a handful of answers are not trusted. */
export const MIN_AVERAGE_ANSWERS = 5;

export function bandOf(k: number, tolerance: number): Band {
  const fair = 1 / k;
  return { fair, low: Math.max(0, fair * (1 - tolerance)), high: Math.min(1, fair * (1 + tolerance)) };
}

/** The z of each interval, for k backends and the stated overall confidence. */
export function zFor(k: number, confidence: number): number {
  const alpha = (1 - confidence) / (2 * Math.max(k, MIN_SPLIT));
  return normalQuantile(1 - alpha / 2);
}

/** Wilson score interval for `count` of `n` (count may be fractional, for estimates). */
export function wilson(count: number, n: number, z: number): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = count / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

const inside = (interval: Interval, band: Band): boolean => interval.low >= band.low && interval.high <= band.high;
const outside = (interval: Interval, band: Band): boolean => interval.low > band.high || interval.high < band.low;

/**
 * The outcome for `counts` (one per backend) without the extras a report needs; cheap enough to
 * run after every answer.
 */
export function spreadOutcome(counts: readonly number[], band: Band, z: number): SpreadOutcome {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n < MIN_AVERAGE_ANSWERS * counts.length) return 'undecided';
  let allInside = true;
  for (const count of counts) {
    const interval = wilson(count, n, z);
    if (outside(interval, band)) return 'uneven';
    if (!inside(interval, band)) allInside = false;
  }
  return allInside ? 'even' : 'undecided';
}

const MAX_ANSWERS = 1e9;

/**
 * How many answers in all would settle a share of `share` against `edge`: the fewest n at which
 * its interval no longer crosses the edge, assuming the share stays what it is now. Undefined when
 * the share sits on the edge (no number of answers settles it).
 */
export function answersToClear(share: number, edge: number, z: number): number | undefined {
  if (Math.abs(share - edge) < 1e-9) return undefined;
  const clears = (n: number): boolean => {
    const interval = wilson(share * n, n, z);
    return share > edge ? interval.low > edge : interval.high < edge;
  };
  if (!clears(MAX_ANSWERS)) return undefined;
  let low = 1;
  let high = MAX_ANSWERS;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (clears(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

export type SpreadJudgement = {
  outcome: SpreadOutcome;
  band: Band;
  /** One per backend, in the order of the counts. */
  intervals: Interval[];
  /** Answers compared. */
  answers: number;
  /** Undecided: the answers in all that would likely settle it; undefined when a share sits on an edge. */
  answersNeeded?: number;
};

/** The full judgement, with each share's interval and, when undecided, the answers a verdict needs. */
export function judgeSpread(
  counts: readonly number[],
  settings: { tolerance: number; confidence: number },
): SpreadJudgement {
  const k = counts.length;
  const band = bandOf(k, settings.tolerance);
  const z = zFor(k, settings.confidence);
  const answers = counts.reduce((a, b) => a + b, 0);
  const intervals = counts.map((count) => wilson(count, answers, z));
  const outcome = spreadOutcome(counts, band, z);
  if (outcome !== 'undecided') return { outcome, band, intervals, answers };
  const needed = answersNeeded(counts, answers, band, z);
  const floor = MIN_AVERAGE_ANSWERS * k;
  return {
    outcome,
    band,
    intervals,
    answers,
    answersNeeded: needed === undefined ? undefined : Math.max(needed, floor),
  };
}

/**
 * A share already outside the band is likely to fail: the fewest answers that show one of those;
 * otherwise every share must clear both edges: the most any of them needs.
 */
function answersNeeded(counts: readonly number[], answers: number, band: Band, z: number): number | undefined {
  const shares = counts.map((count) => (answers === 0 ? band.fair : count / answers));
  const out = shares.filter((share) => share > band.high || share < band.low);
  if (out.length > 0) {
    const needs = out.map((share) => answersToClear(share, share > band.high ? band.high : band.low, z));
    const known = needs.filter((n): n is number => n !== undefined);
    return known.length > 0 ? Math.min(...known) : undefined;
  }
  let most = 0;
  for (const share of shares) {
    for (const edge of [band.low, band.high]) {
      const needed = answersToClear(share, edge, z);
      if (needed === undefined) return undefined;
      most = Math.max(most, needed);
    }
  }
  return most;
}

/** Answers an exactly even split over k backends needs to be shown even: the basis of the default request cap. */
export function evenAnswersNeeded(k: number, settings: { tolerance: number; confidence: number }): number {
  if (k < 2) return 0;
  const band = bandOf(k, settings.tolerance);
  const z = zFor(k, settings.confidence);
  const low = answersToClear(band.fair, band.low, z) ?? MAX_ANSWERS;
  const high = answersToClear(band.fair, band.high, z) ?? MAX_ANSWERS;
  return Math.max(low, high);
}
