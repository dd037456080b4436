import type { StepResultMap, StepResults } from '../model/results.js';
import type { StepId } from '../model/steps.js';

/** A result a step needs from an earlier one; throws naming the missing step (a bug or a broken state file). */
export function need<K extends StepId>(results: StepResults, step: K): StepResultMap[K] {
  const value = results[step];
  if (value === undefined) throw new Error(`the '${step}' step has not run yet`);
  return value;
}
