import { describe, expect, it } from 'vitest';
import { summarize } from '../../verify/summarize.js';
import { createTally, recordOutcome, type Tally } from '../../verify/tally.js';
import type { ExpectedBackend, Outcome } from '../../verify/types.js';
import { judge } from '../../verify/verdict.js';

const ok = (id: string, latencyMs = 2): Outcome => ({ kind: 'ok', id, latencyMs });

function tallyOf(outcomes: Outcome[]): Tally {
  const tally = createTally();
  for (const outcome of outcomes) {
    tally.sent += 1;
    recordOutcome(tally, outcome);
  }
  return tally;
}

const repeat = (n: number, outcome: Outcome): Outcome[] => Array.from({ length: n }, () => outcome);
const expect3: ExpectedBackend[] = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
const limits = { maxErrorRate: 0, alpha: 0.001 };

function verdictOf(outcomes: Outcome[], expected?: ExpectedBackend[], expectCount?: number) {
  const summary = summarize(tallyOf(outcomes), { expected, expectCount });
  return { summary, ...judge(summary, limits) };
}

const criterion = (result: ReturnType<typeof verdictOf>, id: string) => result.criteria.find((c) => c.id === id);

describe('summarize', () => {
  it('Given answers from a, b, c, then each row has its count, share and latency', () => {
    const { summary } = verdictOf(
      [...repeat(10, ok('a', 1)), ...repeat(10, ok('b', 2)), ...repeat(20, ok('c', 40))],
      expect3,
    );
    expect(summary.backends.map((b) => [b.id, b.count, b.share])).toEqual([
      ['a', 10, 0.25],
      ['b', 10, 0.25],
      ['c', 20, 0.5],
    ]);
    expect(summary.backends[2]?.latency?.p50).toBeCloseTo(40, 0);
    expect(summary.latency?.p99).toBeCloseTo(40, 0);
    expect(summary.latency?.p50).toBeCloseTo(2, 0);
  });

  it('Given errors of several kinds, then they are counted by kind with readable labels, most first', () => {
    const { summary } = verdictOf([
      { kind: 'error', error: 'status', status: 502, latencyMs: 1 },
      { kind: 'error', error: 'status', status: 502, latencyMs: 1 },
      { kind: 'error', error: 'timeout' },
      { kind: 'error', error: 'refused' },
      { kind: 'error', error: 'other', code: 'ENOTFOUND' },
      ok('a'),
    ]);
    expect(summary.errors.map((e) => [e.label, e.count])).toEqual([
      ['HTTP 502', 2],
      ['timeout', 1],
      ['connection refused', 1],
      ['DNS lookup failed (ENOTFOUND)', 1],
    ]);
    expect(summary).toMatchObject({ sent: 6, ok: 1, failed: 5 });
  });

  it('Given an expected backend that never answered, then it is listed with a row of 0 and its explanation', () => {
    const expected: ExpectedBackend[] = [
      { id: 'a' },
      {
        id: 'b',
        taskId: 'arn:aws:ecs:r:1:task/c/3f2a9b1c0d4e5f',
        instanceId: 'i-0abc',
        hostPort: 32771,
        targetHealth: 'unhealthy',
        targetReason: 'Target.Timeout',
        hint: 'open the ports',
      },
    ];
    const { summary } = verdictOf(repeat(10, ok('a')), expected);
    expect(summary.backends.find((b) => b.id === 'b')).toMatchObject({ count: 0, share: 0, latency: undefined });
    expect(summary.missing).toEqual([
      {
        id: 'b',
        explanation:
          'task 3f2a9b1c… (b) on i-0abc port 32771 never answered; its target is unhealthy (Target.Timeout): open the ports',
      },
    ]);
  });
});

describe('verdict', () => {
  it('Given an even 12/11/12 spread from all three, then PASS with every criterion passed', () => {
    const result = verdictOf([...repeat(12, ok('a')), ...repeat(11, ok('b')), ...repeat(12, ok('c'))], expect3);
    expect(result.verdict).toBe('PASS');
    expect(result.criteria.every((c) => c.pass)).toBe(true);
    expect(result.balance).toMatchObject({ test: 'pearson-chi-square', df: 2, alpha: 0.001 });
  });

  it('Given 14/10/11 (not equal, as an ALB gives), then the spread still passes', () => {
    const result = verdictOf([...repeat(14, ok('a')), ...repeat(10, ok('b')), ...repeat(11, ok('c'))], expect3);
    expect(result.verdict).toBe('PASS');
  });

  it('Given 50/10/10, then FAIL on even spread with the statistic as evidence', () => {
    const result = verdictOf([...repeat(50, ok('a')), ...repeat(10, ok('b')), ...repeat(10, ok('c'))], expect3);
    expect(result.verdict).toBe('FAIL');
    expect(criterion(result, 'even-spread')?.pass).toBe(false);
    expect(criterion(result, 'even-spread')?.evidence).toContain('chi-square 45.71 (df 2)');
  });

  it('Given an unexpected backend, then FAIL naming it', () => {
    const result = verdictOf(
      [...repeat(10, ok('a')), ...repeat(10, ok('b')), ...repeat(10, ok('c')), ok('zz')],
      expect3,
    );
    expect(result.verdict).toBe('FAIL');
    expect(criterion(result, 'no-unexpected')?.evidence).toBe('answered but not expected: zz');
  });

  it('Given one error in 40 and a limit of 5 %, then the error criterion passes; with 0 % it fails', () => {
    const outcomes = [
      ...repeat(13, ok('a')),
      ...repeat(13, ok('b')),
      ...repeat(13, ok('c')),
      { kind: 'error', error: 'timeout' } as const,
    ];
    const summary = summarize(tallyOf(outcomes), { expected: expect3 });
    expect(judge(summary, { maxErrorRate: 0.05, alpha: 0.001 }).verdict).toBe('PASS');
    expect(judge(summary, limits).criteria.find((c) => c.id === 'error-rate')).toMatchObject({
      pass: false,
      evidence: '1 of 40 failed (2.5%): timeout ×1',
    });
  });

  it('Given too few answers to test, then the spread is not claimed', () => {
    const result = verdictOf([ok('a'), ok('b'), ok('c')], expect3);
    expect(criterion(result, 'even-spread')?.pass).toBe(false);
    expect(criterion(result, 'even-spread')?.evidence).toContain('too few answers');
  });

  it('Given only an expected count of 3 and 2 distinct answers, then FAIL on every backend answered', () => {
    const result = verdictOf([...repeat(20, ok('x')), ...repeat(20, ok('y'))], undefined, 3);
    expect(criterion(result, 'all-answered')).toMatchObject({ pass: false, evidence: '2/3 answered' });
    expect(criterion(result, 'even-spread')?.pass).toBe(false);
  });

  it('Given no expectations and two backends evenly, then PASS with expectations reported as not checked', () => {
    const result = verdictOf([...repeat(50, ok('x')), ...repeat(50, ok('y'))]);
    expect(result.verdict).toBe('PASS');
    expect(criterion(result, 'no-unexpected')?.evidence).toContain('not checked');
  });

  it('Given nothing answered at all, then FAIL on every criterion that needs answers', () => {
    const result = verdictOf(repeat(8, { kind: 'error', error: 'refused' }), expect3);
    expect(result.verdict).toBe('FAIL');
    expect(result.criteria.filter((c) => !c.pass).map((c) => c.id)).toEqual([
      'all-answered',
      'error-rate',
      'even-spread',
    ]);
  });
});
