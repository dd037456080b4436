import { balanceCounts, evennessPromised } from './balance.js';
import { judgeSpread, MIN_AVERAGE_ANSWERS, type SpreadJudgement } from './evenness.js';
import { percent, spreadCriterion } from './spread-words.js';
import type { BackendSummary, Criterion, SpreadReport, Summary, VerificationOptions } from './types.js';

type Judgement = { verdict: 'PASS' | 'FAIL'; criteria: Criterion[]; spread?: SpreadReport; backends: BackendSummary[] };

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

/** The backends compared (ids, with '' for padded silent ones) and their counts. */
function compared(summary: Summary): { ids: string[]; counts: number[] } {
  const expectedIds = summary.backends.filter((b) => b.expected).map((b) => b.id);
  const heard = summary.backends.filter((b) => b.count > 0);
  const counts = balanceCounts(new Map(heard.map((b) => [b.id, b.count])), expectedIds, summary.expectedCount);
  const ids = expectedIds.length > 0 ? expectedIds : counts.map((_, i) => heard[i]?.id ?? '');
  return { ids, counts };
}

function spreadReport(judgement: SpreadJudgement, options: Settings, outcome?: 'not-judged'): SpreadReport {
  return {
    test: 'equivalence',
    outcome: outcome ?? judgement.outcome,
    tolerance: options.tolerance,
    confidence: options.confidence,
    fair: judgement.band.fair,
    low: judgement.band.low,
    high: judgement.band.high,
    answers: judgement.answers,
    ...(judgement.answersNeeded !== undefined && !outcome ? { answersNeeded: judgement.answersNeeded } : {}),
  };
}

type Settings = Pick<VerificationOptions, 'maxErrorRate' | 'tolerance' | 'confidence' | 'topology'>;

function spread(
  summary: Summary,
  options: Settings,
): Omit<Judgement, 'verdict' | 'criteria'> & { criterion: Criterion } {
  const { ids, counts } = compared(summary);
  const words = { tolerance: options.tolerance, confidence: options.confidence };
  if (counts.length < 2) {
    const pass = counts.length === 1 && (counts[0] ?? 0) > 0;
    const evidence = pass ? 'one backend: nothing to compare' : 'no answers to compare';
    return { criterion: spreadCriterion(words, { kind: 'trivial', pass, evidence }), backends: summary.backends };
  }
  const judgement = judgeSpread(counts, options);
  const intervals = new Map(ids.map((id, i) => [id, judgement.intervals[i]]));
  const backends = summary.backends.map((b) => {
    const interval = intervals.get(b.id);
    return interval ? { ...b, interval } : b;
  });
  const promise = evennessPromised(options.topology);
  if (!promise.promised) {
    const criterion = spreadCriterion(words, { kind: 'not-judged', why: promise.why });
    return { criterion, backends, spread: spreadReport(judgement, options, 'not-judged') };
  }
  const rows = ids.map((id, i) => ({
    id,
    count: counts[i] ?? 0,
    interval: judgement.intervals[i] ?? { low: 0, high: 1 },
  }));
  const criterion = spreadCriterion(words, {
    kind: 'judged',
    judgement,
    rows,
    sent: summary.sent,
    tooFew: judgement.answers < MIN_AVERAGE_ANSWERS * counts.length,
  });
  return { criterion, backends, spread: spreadReport(judgement, options) };
}

/** The four criteria and the verdict: PASS only when every criterion passes. */
export function judge(summary: Summary, options: Settings): Judgement {
  const { criterion, spread: report, backends } = spread(summary, options);
  const criteria = [allAnswered(summary), noUnexpected(summary), errorRate(summary, options.maxErrorRate), criterion];
  return {
    verdict: criteria.every((c) => c.pass) ? 'PASS' : 'FAIL',
    criteria,
    ...(report ? { spread: report } : {}),
    backends,
  };
}
