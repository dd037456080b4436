import type { VerifiedStep } from '../model/verifications.js';
import type { StackRecord } from '../state/schema.js';
import { currentVerification, verifiedSteps } from './setup-flow.js';

/** A done step's standing verdict: its current verification's, or `none` when it has none (the verifier could not run). */
export type StandingVerdict = 'PASS' | 'FAIL' | 'none';

/**
 * What a setup run may truthfully claim when it ends, read from the record as saved: whether the
 * stack is up, and whether each verified step that is done stands on a PASS. Headless setup's
 * summary line, exit code and `--json`, and the wizard's closing line all say this, so none of
 * them calls an unproven spread proven.
 */
export type SetupStanding = {
  /** Setup reached its end: every step done (or scale-out skipped in the wizard). */
  stackUp: boolean;
  /** The standing verdict of each verified step that is done (a step not done is absent). */
  verdicts: Partial<Record<VerifiedStep, StandingVerdict>>;
  /** Up, and every standing verdict is PASS: the spread over the tasks is proven. */
  verified: boolean;
  /** The one word for all of it: `verified`, `failed` (a verdict is FAIL), `unverified` (one is missing) or `not-up`. */
  state: 'verified' | 'failed' | 'unverified' | 'not-up';
};

/** The standing of a setup that ended with `ok` and saved `record` (see `currentVerification` for which verdict stands). */
export function setupStanding(outcome: { ok: boolean; record: StackRecord }): SetupStanding {
  const verdicts: SetupStanding['verdicts'] = {};
  for (const step of verifiedSteps) {
    if (outcome.record.steps[step]?.status !== 'done') continue;
    verdicts[step] = currentVerification(outcome.record, step)?.verdict ?? 'none';
  }
  const values = Object.values(verdicts);
  const state: SetupStanding['state'] = !outcome.ok
    ? 'not-up'
    : values.includes('FAIL')
      ? 'failed'
      : values.length === 0 || values.includes('none')
        ? 'unverified'
        : 'verified';
  return { stackUp: outcome.ok, verdicts, verified: state === 'verified', state };
}
