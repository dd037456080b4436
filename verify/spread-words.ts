import type { Interval, SpreadJudgement } from './evenness.js';
import type { Criterion } from './types.js';

/** `33.3%`: shares as the report prints them. */
export const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** `±35%` and `99%`: the tolerance and confidence in the words the criteria use. */
const plusMinus = (tolerance: number): string => `±${Math.round(tolerance * 1000) / 10}%`;
const level = (confidence: number): string => `${Math.round(confidence * 1000) / 10}%`;

type Row = { id: string; count: number; interval: Interval };

export type SpreadCase =
  | { kind: 'trivial'; pass: boolean; evidence: string }
  | { kind: 'not-judged'; why: string }
  | { kind: 'judged'; judgement: SpreadJudgement; rows: Row[]; sent: number; tooFew: boolean };

const name = (row: Row): string => row.id || 'a backend not heard from';
const range = (i: Interval): string => `${percent(i.low)}–${percent(i.high)}`;

/** Requests in all for `answers` answers, at the run's ratio of answers to requests so far. */
function requestsFor(answers: number, judged: { sent: number; answers: number }): number {
  const ratio = judged.answers > 0 && judged.sent > 0 ? judged.sent / judged.answers : 1;
  return Math.ceil(answers * ratio);
}

function judgedEvidence(c: Extract<SpreadCase, { kind: 'judged' }>, confidence: number): string {
  const { judgement, rows } = c;
  const { band } = judgement;
  const limits = `${percent(band.low)}–${percent(band.high)} (fair share ${percent(band.fair)})`;
  const shares = rows.map((r) => r.count / Math.max(1, judgement.answers));
  const spreadOf = `shares ${percent(Math.min(...shares))}–${percent(Math.max(...shares))}`;
  if (judgement.outcome === 'even')
    return `shown after ${judgement.answers} answers: every backend's ${level(confidence)} interval lies within ${limits}; ${spreadOf}`;
  if (judgement.outcome === 'uneven') {
    const out = rows.filter((r) => r.interval.low > band.high || r.interval.high < band.low);
    const [first] = out;
    if (!first) return `shown uneven after ${judgement.answers} answers`;
    const side =
      first.interval.low > band.high ? `above the ${percent(band.high)} limit` : `below the ${percent(band.low)} limit`;
    const others = out.length > 1 ? `, and ${out.length - 1} more outside ${limits}` : '';
    return `shown uneven after ${judgement.answers} answers: ${name(first)} takes ${percent(first.count / judgement.answers)} (interval ${range(first.interval)}), ${side}${others}`;
  }
  const needed = judgement.answersNeeded;
  const more =
    needed === undefined
      ? undefined
      : Math.max(1, requestsFor(needed, { sent: c.sent, answers: judgement.answers }) - c.sent);
  const settle =
    more === undefined
      ? 'a share sits on the edge of the tolerance, so more requests will not settle it: give another --tolerance'
      : `about ${more} more requests would settle it (--requests ${c.sent + more})`;
  if (c.tooFew) return `too few answers to judge: ${judgement.answers} over ${rows.length} backends; ${settle}`;
  const crossing = rows
    .filter((r) => r.interval.low < band.low || r.interval.high > band.high)
    .sort((a, b) => overshoot(b.interval, band) - overshoot(a.interval, band))[0];
  const which = crossing
    ? `: ${name(crossing)}'s interval ${range(crossing.interval)} crosses the limits ${limits}`
    : '';
  return `not shown either way after ${judgement.answers} answers${which}; ${settle}`;
}

const overshoot = (i: Interval, band: { low: number; high: number }): number =>
  Math.max(band.low - i.low, i.high - band.high);

/**
 * The even-spread criterion in words a user reads: the title states tolerance and confidence, the
 * evidence what was shown (or why nothing was) and, when undecided, how many more requests a
 * verdict needs.
 */
export function spreadCriterion(settings: { tolerance: number; confidence: number }, c: SpreadCase): Criterion {
  const title = `even spread: every backend's share within ${plusMinus(settings.tolerance)} of its fair share, shown at ${level(settings.confidence)} confidence`;
  if (c.kind === 'trivial') return { id: 'even-spread', pass: c.pass, title, evidence: c.evidence };
  if (c.kind === 'not-judged')
    return { id: 'even-spread', pass: true, title, evidence: `not judged: ${c.why}; evenness is not promised` };
  return {
    id: 'even-spread',
    pass: c.judgement.outcome === 'even',
    title,
    evidence: judgedEvidence(c, settings.confidence),
  };
}
