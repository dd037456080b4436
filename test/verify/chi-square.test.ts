import { describe, expect, it } from 'vitest';
import { chiSquarePValue, evenSplitChiSquare, logGamma } from '../../verify/chi-square.js';

describe('chi-square p-values', () => {
  it.each([
    // [statistic, df, p] from standard chi-square tables
    [3.841, 1, 0.05],
    [6.635, 1, 0.01],
    [13.816, 2, 0.001],
    [5.991, 2, 0.05],
    [43.82, 19, 0.001],
    [30.144, 19, 0.05],
    [149.449, 100, 0.001],
  ])('Given chi-square %f with df %i, then p is %f', (statistic, df, p) => {
    expect(chiSquarePValue(statistic, df)).toBeCloseTo(p, 4);
  });

  it('Given df 2, then p equals exp(-x/2) exactly as theory says', () => {
    for (const x of [0.1, 1, 5, 20, 50]) expect(chiSquarePValue(x, 2)).toBeCloseTo(Math.exp(-x / 2), 10);
  });

  it('Given integers, then logGamma matches log((n-1)!)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 10);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 10);
  });
});

describe('even split test', () => {
  it('Given equal counts, then the statistic is 0 and p is 1', () => {
    expect(evenSplitChiSquare([10, 10, 10])).toEqual({ statistic: 0, df: 2, pValue: 1 });
  });

  it('Given a 5:1:1 split of 70 answers, then p is far below 0.001', () => {
    const result = evenSplitChiSquare([50, 10, 10]);
    expect(result.statistic).toBeCloseTo(45.71, 2);
    expect(result.pValue).toBeLessThan(1e-9);
  });

  it('Given no answers or a single backend, then there is nothing to reject', () => {
    expect(evenSplitChiSquare([0, 0]).pValue).toBe(1);
    expect(evenSplitChiSquare([42]).pValue).toBe(1);
  });
});
