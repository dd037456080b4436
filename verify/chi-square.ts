/**
 * Pearson's chi-square goodness-of-fit test against an even split, with its p-value from the
 * regularized upper incomplete gamma function Q(df/2, x/2) (series and continued fraction, as in
 * Numerical Recipes). Pure and dependency-free.
 */

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos approximation, g = 7). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = 0.99999999999980993;
  LANCZOS.forEach((c, i) => {
    sum += c / (x + i + 1);
  });
  const t = x + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

const EPSILON = 1e-14;
const MAX_ITERATIONS = 1000;

function lowerSeries(s: number, x: number): number {
  let term = 1 / s;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n += 1) {
    term *= x / (s + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(-x + s * Math.log(x) - logGamma(s));
}

function upperContinuedFraction(s: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - s;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i += 1) {
    const an = -i * (i - s);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(-x + s * Math.log(x) - logGamma(s)) * h;
}

/** Q(s, x) = Γ(s, x) / Γ(s): the upper tail. */
export function upperGammaQ(s: number, x: number): number {
  if (x <= 0) return 1;
  return x < s + 1 ? 1 - lowerSeries(s, x) : upperContinuedFraction(s, x);
}

/** P(X ≥ statistic) for X ~ chi-square with `df` degrees of freedom. */
export function chiSquarePValue(statistic: number, df: number): number {
  if (df <= 0) return 1;
  return Math.min(1, Math.max(0, upperGammaQ(df / 2, statistic / 2)));
}

/** Pearson's statistic of `counts` against an even split of their total; df = k − 1. */
export function evenSplitChiSquare(counts: readonly number[]): { statistic: number; df: number; pValue: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  const df = counts.length - 1;
  if (total === 0 || df <= 0) return { statistic: 0, df: Math.max(0, df), pValue: 1 };
  const expected = total / counts.length;
  const statistic = counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
  return { statistic, df, pValue: chiSquarePValue(statistic, df) };
}
