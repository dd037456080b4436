import { balanceCounts, evenSpread, MIN_EXPECTED_PER_CELL } from './balance.js';
import type { BalanceTest, Criterion, Summary, VerificationOptions } from './types.js';

type Judgement = { verdict: 'PASS' | 'FAIL'; criteria: Criterion[]; balance?: BalanceTest };

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

function allAnswered(summary: Summary): Criterion {
  const title = 'every expected backend answered';
  const distinct = summary.backends.filter((b) => b.count > 0).length;
  if (summary.expectedCount === undefined) {
    return {
      id: 'all-answered',
      pass: distinct > 0,
      title,
      evidence: `no expectations given; ${distinct} distinct backend(s) answered`,
    };
  }
  const heard = summary.backends.filter((b) => b.count > 0 && !summary.unexpected.includes(b.id)).length;
  const pass = heard >= summary.expectedCount;
  const silent = summary.missing.map((m) => m.id);
  const evidence = `${heard}/${summary.expectedCount} answered${silent.length > 0 ? `; never heard from: ${silent.join(', ')}` : ''}`;
  return { id: 'all-answered', pass, title, evidence };
}

function noUnexpected(summary: Summary): Criterion {
  const title = 'no unexpected backend';
  if (summary.expectedCount === undefined)
    return { id: 'no-unexpected', pass: true, title, evidence: 'no expectations given: not checked' };
  const pass = summary.unexpected.length === 0;
  return {
    id: 'no-unexpected',
    pass,
    title,
    evidence: pass ? 'none' : `answered but not expected: ${summary.unexpected.join(', ')}`,
  };
}

function errorRate(summary: Summary, maxErrorRate: number): Criterion {
  const title = `error rate ≤ ${percent(maxErrorRate)}`;
  if (summary.sent === 0) return { id: 'error-rate', pass: false, title, evidence: 'no request completed' };
  const rate = summary.failed / summary.sent;
  const kinds = summary.errors.map((e) => `${e.label} ×${e.count}`).join(', ');
  const evidence = `${summary.failed} of ${summary.sent} failed (${percent(rate)})${kinds ? `: ${kinds}` : ''}`;
  return { id: 'error-rate', pass: rate <= maxErrorRate, title, evidence };
}

function spread(summary: Summary, alpha: number): { criterion: Criterion; balance?: BalanceTest } {
  const title = `even spread (Pearson chi-square, α = ${alpha})`;
  const ids = summary.backends.filter((b) => b.expected).map((b) => b.id);
  const counts = balanceCounts(
    new Map(summary.backends.filter((b) => b.count > 0).map((b) => [b.id, b.count])),
    ids,
    summary.expectedCount,
  );
  if (counts.length < 2) {
    const pass = counts.length === 1 && (counts[0] ?? 0) > 0;
    return {
      criterion: {
        id: 'even-spread',
        pass,
        title,
        evidence: pass ? 'one backend: nothing to compare' : 'no answers to compare',
      },
    };
  }
  const result = evenSpread(counts);
  const balance: BalanceTest = {
    test: 'pearson-chi-square',
    statistic: result.statistic,
    df: result.df,
    pValue: result.pValue,
    alpha,
  };
  if (!result.enoughData) {
    const total = counts.reduce((a, b) => a + b, 0);
    const evidence = `too few answers to judge: ${total} over ${counts.length} backends (need ≥ ${MIN_EXPECTED_PER_CELL} per backend on average)`;
    return { criterion: { id: 'even-spread', pass: false, title, evidence }, balance };
  }
  const pass = result.pValue >= alpha;
  const evidence = `chi-square ${result.statistic.toFixed(2)} (df ${result.df}), p = ${formatP(result.pValue)} ${pass ? '≥' : '<'} ${alpha}; ${describeCounts(counts)}`;
  return { criterion: { id: 'even-spread', pass, title, evidence }, balance };
}

function describeCounts(counts: readonly number[]): string {
  if (counts.length <= 6) return `counts ${counts.join(' / ')}`;
  return `counts from ${Math.min(...counts)} to ${Math.max(...counts)}`;
}

/** p-values as people read them: 0.42, 0.0031, 2.1e-9. */
export function formatP(p: number): string {
  if (p >= 0.01) return p.toFixed(2);
  if (p >= 0.0001) return p.toFixed(4);
  return p.toExponential(1);
}

/** The four criteria and the verdict: PASS only when every criterion passes. */
export function judge(summary: Summary, options: Pick<VerificationOptions, 'maxErrorRate' | 'alpha'>): Judgement {
  const { criterion, balance } = spread(summary, options.alpha);
  const criteria = [allAnswered(summary), noUnexpected(summary), errorRate(summary, options.maxErrorRate), criterion];
  return { verdict: criteria.every((c) => c.pass) ? 'PASS' : 'FAIL', criteria, balance };
}
