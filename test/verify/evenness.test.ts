import { describe, expect, it } from 'vitest';
import {
  answersToClear,
  bandOf,
  evenAnswersNeeded,
  judgeSpread,
  spreadOutcome,
  wilson,
  zFor,
} from '../../verify/evenness.js';
import { normalQuantile } from '../../verify/normal.js';
import { seeded } from './helpers/simulate.js';

const DEFAULT = { tolerance: 0.35, confidence: 0.99 };

describe('normal quantile and Wilson intervals', () => {
  it('Given known probabilities, then the quantiles are the textbook ones', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalQuantile(1e-5)).toBeCloseTo(-4.264891, 5);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('Given 50 of 100 at z = 1.96, then the Wilson interval is 40.4 %–59.6 %; given 0 of 20, it starts at 0', () => {
    const half = wilson(50, 100, 1.96);
    expect(half.low).toBeCloseTo(0.4038, 4);
    expect(half.high).toBeCloseTo(0.5962, 4);
    const none = wilson(0, 20, 1.96);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.1611, 4);
  });

  it('Given 3 and 20 backends, then each interval splits the error over at least 5 ways and half of it for the repeated looks', () => {
    expect(zFor(3, 0.99)).toBeCloseTo(normalQuantile(1 - 0.001 / 2), 6);
    expect(zFor(20, 0.99)).toBeCloseTo(normalQuantile(1 - 0.00025 / 2), 6);
  });
});

describe('evenness as an equivalence test', () => {
  it('Given the defaults, then an exact even split is shown even within the issue goals (3 → 300, 20 → 3,000, less 8 in flight)', () => {
    expect(evenAnswersNeeded(3, DEFAULT)).toBeLessThanOrEqual(292);
    expect(evenAnswersNeeded(20, DEFAULT)).toBeLessThanOrEqual(2992);
  });

  it('Given 2:1:1 at the defaults, then about 1,100 answers show it uneven; 5:1:1 takes few', () => {
    const band = bandOf(3, 0.35);
    const z = zFor(3, 0.99);
    expect(answersToClear(0.5, band.high, z)).toBeGreaterThan(900);
    expect(answersToClear(0.5, band.high, z)).toBeLessThan(1300);
    expect(answersToClear(5 / 7, band.high, z)).toBeLessThan(60);
    expect(answersToClear(band.high, band.high, z)).toBeUndefined();
  });

  it('Given fewer than 5 answers per backend on average, then nothing is shown either way', () => {
    const band = bandOf(3, 0.35);
    expect(spreadOutcome([14, 0, 0], band, zFor(3, 0.99))).toBe('undecided');
    expect(spreadOutcome([15, 0, 0], band, zFor(3, 0.99))).toBe('uneven');
  });

  it('Given an undecided even-looking split, then the answers it needs are about what an exact even split needs', () => {
    const judged = judgeSpread([40, 40, 40], DEFAULT);
    expect(judged.outcome).toBe('undecided');
    expect(judged.answersNeeded).toBe(evenAnswersNeeded(3, DEFAULT));
  });

  /**
   * The calibration README and evenness.ts state: a share exactly at the band's edge, checked after
   * every answer up to the default cap, passes in about 1 % of runs (so "99 % confidence" holds
   * for the sequential test), and a random even split is never shown uneven.
   */
  it.each([2, 3])(
    'Given %i backends, one exactly at the edge, checked after every answer, then it passes in at most about 1 in 100 runs',
    (k) => {
      const runs = 400;
      const band = bandOf(k, 0.35);
      const z = zFor(k, 0.99);
      let passes = 0;
      for (let seed = 1; seed <= runs; seed += 1) {
        const random = seeded(seed);
        const counts = Array.from({ length: k }, () => 0);
        for (let n = 1; n <= 2000; n += 1) {
          const u = random();
          const i = u < band.high ? 0 : 1 + Math.floor(((u - band.high) / (1 - band.high)) * (k - 1));
          counts[i] = (counts[i] ?? 0) + 1;
          const outcome = spreadOutcome(counts, band, z);
          if (outcome === 'even') passes += 1;
          if (outcome !== 'undecided') break;
        }
      }
      expect(passes / runs).toBeLessThanOrEqual(0.0125);
    },
  );
});
