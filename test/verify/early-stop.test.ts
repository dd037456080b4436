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
    alpha: DEFAULTS.alpha,
    minPerBackend: DEFAULTS.minPerBackend,
    ...overrides,
  };
}

/**
 * Feeds answers one by one until the verdict settles; returns the decision and how many requests
 * a real run would have sent by then (the answers plus the other workers' requests in flight).
 */
function runUntilSettled(ctx: EarlyStopContext, next: () => string, cap = 5000) {
  const tally: Tally = createTally();
  while (tally.sent < cap) {
    tally.sent += 1;
    recordOutcome(tally, { kind: 'ok', id: next(), latencyMs: 1 });
    const decision = settled(tally, ctx);
    if (decision) return { decision, requests: tally.sent + CONCURRENCY - 1 };
  }
  return { decision: undefined, requests: tally.sent };
}

describe('early stop', () => {
  it.each([
    [3, 60],
    [20, 400],
  ])('Given %i healthy backends behind ALB nodes in 3 AZs, then PASS settles within %i requests', (k, limit) => {
    for (let seed = 1; seed <= 50; seed += 1) {
      const backends = ids(k);
      const result = runUntilSettled(context(backends), albRotation(backends, 3, seeded(seed)));
      expect(result.decision).toBe('settled-pass');
      expect(result.requests).toBeLessThanOrEqual(limit);
    }
  });

  it('Given a 5:1:1 skew, then FAIL settles long before the cap', () => {
    const rotation = ['a', 'a', 'a', 'a', 'a', 'b', 'c'];
    let i = 0;
    const result = runUntilSettled(context(['a', 'b', 'c']), () => rotation[i++ % rotation.length] ?? '');
    expect(result.decision).toBe('settled-fail');
    expect(result.requests).toBeLessThan(80);
  });

  it('Given one of 3 expected backends silent, then FAIL settles once silence cannot be chance', () => {
    let i = 0;
    const result = runUntilSettled(context(['a', 'b', 'c']), () => (i++ % 2 === 0 ? 'a' : 'b'));
    expect(result.decision).toBe('settled-fail');
    // (2/3)^n < 1e-6 first holds at n = 35
    expect(result.requests - CONCURRENCY + 1).toBe(35);
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

  it('Given no expectations, then only the error budget ends a run early', () => {
    const tally = createTally();
    for (let i = 0; i < 500; i += 1) recordOutcome(tally, { kind: 'ok', id: i % 2 ? 'x' : 'y', latencyMs: 1 });
    expect(settled(tally, context([], { expectedCount: undefined }))).toBeUndefined();
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

  it.each([
    [3, 0],
    [20, 1],
  ])(
    'Given %i backends picked purely at random (weighted_random), then an even split is judged FAIL in at most %i of 200 runs',
    (k, allowed) => {
      let fails = 0;
      for (let seed = 1; seed <= 200; seed += 1) {
        const random = seeded(seed);
        const backends = ids(k);
        const ctx = context(backends);
        const result = runUntilSettled(ctx, () => backends[Math.floor(random() * k)] ?? '', ctx.maxRequests);
        if (result.decision !== 'settled-pass') fails += 1;
      }
      expect(fails).toBeLessThanOrEqual(allowed);
    },
  );
});
