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
const limits = { maxErrorRate: 0, tolerance: 0.35, confidence: 0.99 };

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
  it('Given an even 80/79/80 spread from all three, then PASS: every share shown within ±35 % of a third', () => {
    const result = verdictOf([...repeat(80, ok('a')), ...repeat(79, ok('b')), ...repeat(80, ok('c'))], expect3);
    expect(result.verdict).toBe('PASS');
    expect(result.criteria.every((c) => c.pass)).toBe(true);
    expect(result.spread).toMatchObject({ test: 'equivalence', outcome: 'even', tolerance: 0.35, confidence: 0.99 });
    expect(result.spread?.low).toBeCloseTo(0.2167, 4);
    expect(result.spread?.high).toBeCloseTo(0.45, 4);
    for (const backend of result.backends) {
      expect(backend.interval?.low).toBeGreaterThanOrEqual(0.2167);
      expect(backend.interval?.high).toBeLessThanOrEqual(0.45);
    }
    expect(criterion(result, 'even-spread')?.title).toBe(
      "even spread: every backend's share within ±35% of its fair share, shown at 99% confidence",
    );
    expect(criterion(result, 'even-spread')?.evidence).toContain(
      "shown after 239 answers: every backend's 99% interval lies within 21.7%–45.0% (fair share 33.3%)",
    );
  });

  it('Given an even 12/11/12 (35 answers), then FAIL: too few to show evenness, with how many more requests it needs', () => {
    const result = verdictOf([...repeat(12, ok('a')), ...repeat(11, ok('b')), ...repeat(12, ok('c'))], expect3);
    expect(result.verdict).toBe('FAIL');
    expect(result.spread).toMatchObject({ outcome: 'undecided', answers: 35 });
    const needed = result.spread?.answersNeeded ?? 0;
    expect(needed).toBeGreaterThan(150);
    expect(needed).toBeLessThan(300);
    expect(criterion(result, 'even-spread')?.evidence).toMatch(
      new RegExp(
        `^not shown either way after 35 answers: .+; about ${needed - 35} more requests would settle it \\(--requests ${needed}\\)$`,
      ),
    );
  });

  it('Given 2:1:1 over 400 answers, then undecided (no PASS); over 1,200 answers, shown uneven naming the backend above the limit', () => {
    const early = verdictOf([...repeat(200, ok('a')), ...repeat(100, ok('b')), ...repeat(100, ok('c'))], expect3);
    expect(early.verdict).toBe('FAIL');
    expect(early.spread?.outcome).toBe('undecided');
    const late = verdictOf([...repeat(600, ok('a')), ...repeat(300, ok('b')), ...repeat(300, ok('c'))], expect3);
    expect(late.spread?.outcome).toBe('uneven');
    expect(criterion(late, 'even-spread')?.evidence).toMatch(
      /^shown uneven after 1200 answers: a takes 50\.0% \(interval 4\d\.\d%–5\d\.\d%\), above the 45\.0% limit$/,
    );
  });

  it('Given 50/10/10, then FAIL on even spread, shown uneven after 70 answers', () => {
    const result = verdictOf([...repeat(50, ok('a')), ...repeat(10, ok('b')), ...repeat(10, ok('c'))], expect3);
    expect(result.verdict).toBe('FAIL');
    expect(criterion(result, 'even-spread')?.pass).toBe(false);
    expect(criterion(result, 'even-spread')?.evidence).toContain('shown uneven after 70 answers: a takes 71.4%');
  });

  it('Given a share right on the edge of the tolerance, then it says more requests will not settle it', () => {
    // a: 45 % = exactly fair·1.35 for three backends
    const result = verdictOf([...repeat(450, ok('a')), ...repeat(275, ok('b')), ...repeat(275, ok('c'))], expect3);
    expect(result.spread?.outcome).toBe('undecided');
    expect(result.spread?.answersNeeded).toBeUndefined();
    expect(criterion(result, 'even-spread')?.evidence).toContain(
      'more requests will not settle it: give another --tolerance',
    );
  });

  it('Given the same 70/70/70 and a tighter --tolerance of 10 %, then it is not shown even', () => {
    const outcomes = [...repeat(70, ok('a')), ...repeat(70, ok('b')), ...repeat(70, ok('c'))];
    const summary = summarize(tallyOf(outcomes), { expected: expect3 });
    expect(judge(summary, limits).verdict).toBe('PASS');
    expect(judge(summary, { ...limits, tolerance: 0.1 }).spread?.outcome).toBe('undecided');
  });

  it('Given least outstanding requests routing and a 50/10/10 spread, then evenness is not judged and the verdict passes on the rest', () => {
    const summary = summarize(tallyOf([...repeat(50, ok('a')), ...repeat(10, ok('b')), ...repeat(10, ok('c'))]), {
      expected: expect3,
    });
    const result = judge(summary, { ...limits, topology: { algorithm: 'least_outstanding_requests' } });
    expect(result.verdict).toBe('PASS');
    expect(result.spread?.outcome).toBe('not-judged');
    expect(result.criteria.find((c) => c.id === 'even-spread')?.evidence).toBe(
      'not judged: the target group routes by least outstanding requests, which sends more to targets that answer faster; evenness is not promised',
    );
  });

  it('Given an unexpected backend, then FAIL naming it', () => {
    const result = verdictOf(
      [...repeat(10, ok('a')), ...repeat(10, ok('b')), ...repeat(10, ok('c')), ok('zz')],
      expect3,
    );
    expect(result.verdict).toBe('FAIL');
    expect(criterion(result, 'no-unexpected')?.evidence).toBe('answered but not expected: zz');
  });

  it('Given one error in 240 and a limit of 5 %, then the error criterion passes; with 0 % it fails', () => {
    const outcomes = [
      ...repeat(80, ok('a')),
      ...repeat(79, ok('b')),
      ...repeat(80, ok('c')),
      { kind: 'error', error: 'timeout' } as const,
    ];
    const summary = summarize(tallyOf(outcomes), { expected: expect3 });
    expect(judge(summary, { ...limits, maxErrorRate: 0.05 }).verdict).toBe('PASS');
    expect(judge(summary, limits).criteria.find((c) => c.id === 'error-rate')).toMatchObject({
      pass: false,
      evidence: '1 of 240 failed (0.4%): timeout ×1',
    });
  });

  it('Given too few answers to test, then the spread is not claimed', () => {
    const result = verdictOf([ok('a'), ok('b'), ok('c')], expect3);
    expect(criterion(result, 'even-spread')?.pass).toBe(false);
    expect(criterion(result, 'even-spread')?.evidence).toContain('too few answers to judge: 3 over 3 backends');
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
