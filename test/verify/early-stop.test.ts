import { describe, expect, it } from 'vitest';
import { settled, type EarlyStopContext } from '../../verify/early-stop.js';
import { defaultMaxRequests, DEFAULTS } from '../../verify/options.js';
import { createTally, recordOutcome, type Tally } from '../../verify/tally.js';
import { albRotation, ids, seeded } from './helpers/simulate.js';

const CONCURRENCY = DEFAULTS.concurrency;

function context(expectedIds: string[], overrides: Partial<EarlyStopContext> = {}): EarlyStopContext {
  return {
    expectedIds,
    expectedCount: expectedIds.length,
    maxErrorRate: 0,
    maxRequests: defaultMaxRequests(expectedIds.length),
    tolerance: DEFAULTS.tolerance,
    confidence: DEFAULTS.confidence,
    minPerBackend: DEFAULTS.minPerBackend,
    ...overrides,
  };
}

/**
 * Feeds answers one by one until the verdict settles; returns the decision and how many requests
 * a real run would have sent by then (the answers plus the other workers' requests in flight).
 */
function runUntilSettled(ctx: EarlyStopContext, next: () => string, cap = ctx.maxRequests) {
  const tally: Tally = createTally();
  while (tally.sent < cap) {
    tally.sent += 1;
    recordOutcome(tally, { kind: 'ok', id: next(), latencyMs: 1 });
    const decision = settled(tally, ctx);
    if (decision) return { decision, requests: tally.sent + CONCURRENCY - 1 };
  }
  return { decision: undefined, requests: tally.sent };
}

/** A weighted rotation: `weights[i]` slots for backend i, from a random starting point. */
function weighted(weights: number[], random: () => number): () => string {
  const slots = weights.flatMap((w, i) => Array.from({ length: w }, () => `b${String(i).padStart(2, '0')}`));
  let i = Math.floor(random() * slots.length);
  return () => slots[i++ % slots.length] ?? '';
}

describe('early stop', () => {
  it.each([
    [3, 300],
    [20, 3000],
  ])('Given %i healthy backends behind ALB nodes in 3 AZs, then PASS settles within %i requests', (k, limit) => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const backends = ids(k);
      const result = runUntilSettled(context(backends), albRotation(backends, 3, seeded(seed)));
      expect(result.decision).toBe('settled-pass');
      expect(result.requests).toBeLessThanOrEqual(limit);
    }
  });

  it.each([
    ['2:1:1', [2, 1, 1], 1200],
    ['5:1:1', [5, 1, 1], 100],
  ])('Given a %s skew, then FAIL settles (never PASS) within %i requests', (_label, weights, within) => {
    for (let seed = 1; seed <= 10; seed += 1) {
      const ctx = context(ids(3));
      const result = runUntilSettled(ctx, weighted(weights, seeded(seed)));
      expect(result.decision).toBe('settled-fail');
      expect(result.requests).toBeLessThanOrEqual(within);
    }
  });

  it('Given a 1.2:1:1 skew (inside the ±35 % tolerance), then PASS settles, since it is within what is allowed', () => {
    const result = runUntilSettled(context(ids(3)), weighted([6, 5, 5], seeded(1)));
    expect(result.decision).toBe('settled-pass');
  });

  it('Given 2:1:1 and a request cap of 500, then nothing settles: the cap ends the run, undecided', () => {
    const ctx = context(ids(3), { maxRequests: 500 });
    expect(runUntilSettled(ctx, weighted([2, 1, 1], seeded(3))).decision).toBeUndefined();
  });

  it('Given one of 3 expected backends silent, then FAIL settles once silence cannot be chance', () => {
    let i = 0;
    const result = runUntilSettled(context(['a', 'b', 'c']), () => (i++ % 2 === 0 ? 'a' : 'b'));
    expect(result.decision).toBe('settled-fail');
    expect(result.requests - CONCURRENCY + 1).toBeLessThanOrEqual(40);
  });

  it('Given an unexpected backend answers, then FAIL settles at once', () => {
    const tally = createTally();
    recordOutcome(tally, { kind: 'ok', id: 'stranger', latencyMs: 1 });
    expect(settled(tally, context(['a', 'b']))).toBe('settled-fail');
  });

  it('Given max error rate 0, then the first error settles FAIL; given 5 %, errors within budget do not', () => {
    const tally = createTally();
    recordOutcome(tally, { kind: 'error', error: 'status', status: 502, latencyMs: 1 });
    expect(settled(tally, context(['a']))).toBe('settled-fail');
    expect(settled(tally, context(['a'], { maxErrorRate: 0.05 }))).toBeUndefined();
  });

  it('Given no expectations, then a PASS waits for 100 answers and evenness over the backends heard', () => {
    const tally = createTally();
    const ctx = context([], { expectedCount: undefined });
    for (let i = 0; i < 99; i += 1) recordOutcome(tally, { kind: 'ok', id: i % 2 ? 'x' : 'y', latencyMs: 1 });
    expect(settled(tally, ctx)).toBeUndefined();
    recordOutcome(tally, { kind: 'ok', id: 'x', latencyMs: 1 });
    expect(settled(tally, ctx)).toBe('settled-pass');
  });

  it('Given no expectations and a backend starved to a few answers, then FAIL settles on the spread', () => {
    let i = 0;
    const ctx = context([], { expectedCount: undefined });
    const result = runUntilSettled(ctx, () => (i++ % 30 === 0 ? 'rare' : i % 2 ? 'x' : 'y'), 2000);
    expect(result.decision).toBe('settled-fail');
  });

  it('Given only an expected count of 2 and a third id answers, then FAIL settles', () => {
    const tally = createTally();
    for (const id of ['x', 'y', 'z']) recordOutcome(tally, { kind: 'ok', id, latencyMs: 1 });
    expect(settled(tally, context([], { expectedCount: 2 }))).toBe('settled-fail');
  });

  it('Given a single expected backend, then PASS settles after it answered 10 times', () => {
    const result = runUntilSettled(context(['only']), () => 'only');
    expect(result).toEqual({ decision: 'settled-pass', requests: 10 + CONCURRENCY - 1 });
  });

  it('Given least outstanding requests routing and a 5:1:1 skew, then it does not FAIL on the spread: PASS once all answered 10 times', () => {
    const ctx = context(ids(3), { topology: { algorithm: 'least_outstanding_requests' } });
    const result = runUntilSettled(ctx, weighted([5, 1, 1], seeded(2)));
    expect(result.decision).toBe('settled-pass');
  });

  it.each([
    [3, 2],
    [20, 2],
  ])(
    'Given %i backends picked purely at random (weighted_random), then an even split is judged FAIL in at most %i of 100 runs',
    (k, allowed) => {
      let fails = 0;
      for (let seed = 1; seed <= 100; seed += 1) {
        const random = seeded(seed);
        const backends = ids(k);
        const result = runUntilSettled(context(backends), () => backends[Math.floor(random() * k)] ?? '');
        if (result.decision !== 'settled-pass') fails += 1;
      }
      expect(fails).toBeLessThanOrEqual(allowed);
    },
  );
});
