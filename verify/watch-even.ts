import { settled, type EarlyStopContext } from './early-stop.js';
import { resolveOptions } from './options.js';
import { summarize } from './summarize.js';
import { createTally, recordOutcome, type Tally } from './tally.js';
import type { Outcome, VerificationOptions } from './types.js';
import { judge } from './verdict.js';
import type { WatchBackend, WatchCriterion, WatchInput } from './watch-types.js';

/**
 * The spread over the set that should answer after the change, judged by the verifier's own
 * equivalence test and early stop (`early-stop.ts`, `verdict.ts`) on the answers to requests sent
 * after `finish()`. Failures are left to `no-failures`, which judges the whole watch: here only
 * answers count, so a failure during the change does not also fail the spread.
 */
export class EvenAfter {
  private readonly tally: Tally = createTally();
  private readonly options: VerificationOptions;
  private readonly context: EarlyStopContext;
  decided: 'settled-pass' | 'settled-fail' | undefined;

  constructor(input: Pick<WatchInput, 'url' | 'tolerance' | 'confidence' | 'minPerBackend'>, expected: WatchBackend[]) {
    this.options = resolveOptions({ ...input, expected, maxErrorRate: 1 });
    this.context = {
      ...this.options,
      expectedIds: [...new Set(expected.map((b) => b.id))],
      expectedCount: new Set(expected.map((b) => b.id)).size,
    };
  }

  /** An answer to a request sent after `finish()`; returns whether the spread is settled now. */
  record(outcome: Outcome): boolean {
    if (outcome.kind !== 'ok' || this.decided) return this.decided !== undefined;
    recordOutcome(this.tally, outcome);
    this.tally.sent += 1;
    this.decided = settled(this.tally, this.context);
    return this.decided !== undefined;
  }

  /** The criterion, `settleMs` being how long it was given; an unsettled spread FAILs saying so. */
  criterion(settleMs: number): WatchCriterion {
    const count = this.context.expectedCount ?? 0;
    const title = `even spread over the ${count} backend(s) after the change`;
    const judged = judge(summarize(this.tally, this.options), this.options);
    const failing = judged.criteria.filter((c) => !c.pass && c.id !== 'error-rate');
    const spread = judged.criteria.find((c) => c.id === 'even-spread');
    const evidence = (failing.length > 0 ? failing : spread ? [spread] : []).map((c) => c.evidence).join('; ');
    if (this.decided === 'settled-pass') return { id: 'even-after', pass: true, title, evidence };
    const settledWord =
      this.decided === 'settled-fail'
        ? evidence
        : `not settled within ${Math.round(settleMs / 1000)} s of the change ending (${this.tally.ok} answers): ${evidence}`;
    return {
      id: 'even-after',
      pass: false,
      title,
      evidence: settledWord,
      fix: 'check that every new task is registered and healthy in the target group, and that the listener rule forwards to that one target group with round robin',
    };
  }
}
