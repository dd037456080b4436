import { friendlyError } from '../aws/errors.js';
import { steps as allSteps } from '../steps/index.js';
import type { StackRecord } from '../state/schema.js';
import type { Question, RawAnswer, RecordResource, Step } from '../steps/types.js';
import type { AnswerKey, Answers, InvalidAnswers } from '../model/answers.js';
import type { StepId } from '../model/steps.js';
import { answerTable, validateAnswerFormats } from '../steps/answer-table.js';
import { stepDeps, type EngineDeps } from './deps.js';
import type { AnsweredValue } from '../model/events.js';
import type { FriendlyError } from '../model/errors.js';
import type { RecordedResource } from '../model/resources.js';
import { answerString } from '../steps/raw-answer.js';
import { openRecord } from './open-record.js';
import { UsageError } from './usage-error.js';

export type SetupOptions = {
  stack: string;
  /** Answers from flags; saved answers of finished steps win over them. */
  answers: Answers;
  /** Stop after this step (the setup flow, setup-flow.ts, verifies between `service` and `scale-out`). */
  until?: StepId;
  steps?: readonly Step<unknown>[];
  /**
   * Flag values that failed their format check, left out of `answers` (the wizard): the step that
   * owns one asks its question with the problem shown. A key is deleted here once the user answered
   * it, so a later run on the same object (scale-out after the service, a retry) does not ask again.
   * Headless callers leave such values in `answers`, where they throw a UsageError naming the flag.
   */
  invalid?: InvalidAnswers;
};

export type SetupOutcome =
  { ok: true; record: StackRecord } | { ok: false; record: StackRecord; step: StepId; error: FriendlyError };

function save(deps: EngineDeps, record: StackRecord): void {
  deps.store.set(record, new Date(deps.now()));
}

function mergeAnswers(record: StackRecord, flags: Answers, steps: readonly Step<unknown>[]): Answers {
  const known: Answers = { ...record.answers, ...flags };
  for (const step of steps) {
    if (record.steps[step.id]?.status !== 'done') continue;
    for (const key of step.keys) if (record.answers[key] !== undefined) known[key] = record.answers[key];
  }
  return known;
}

/** The step's values that flags or saved progress answered, so a UI shows them as answered. */
function answeredValues(step: Step<unknown>, known: Answers, flags: Answers): AnsweredValue[] {
  return step.keys.flatMap((key) => {
    const value = known[key];
    if (value === undefined) return [];
    return [{ key, flag: answerTable[key].flag, value, source: flags[key] === value ? 'flag' : 'saved' } as const];
  });
}

/** The question again with the problem of the value its flag gave, so the user types a valid one. */
function withFlagProblem(question: Question, invalid: InvalidAnswers | undefined): Question {
  const bad = invalid?.[question.key];
  return bad ? { ...question, error: bad.problem, given: bad.value } : question;
}

/**
 * Runs setup: every step in order, skipping finished ones, saving each step's status, answers and
 * result, and every resource the moment it is created. Resumes from saved progress after a failure
 * or a crash. Bad input throws a UsageError before anything is created; an AWS failure ends with
 * `{ ok: false }` and the progress saved.
 */
export async function runSetup(options: SetupOptions, deps: EngineDeps): Promise<SetupOutcome> {
  const steps = options.steps ?? allSteps;
  const formatProblem = validateAnswerFormats(options.answers);
  if (formatProblem) throw new UsageError(formatProblem);
  const record = openRecord(options.stack, deps);
  const known = mergeAnswers(record, options.answers, steps);
  save(deps, record);

  for (const step of steps) {
    const saved = record.steps[step.id];
    if (saved?.status === 'done') {
      deps.emit({ type: 'step-skip', step: step.id, title: step.title, reason: 'done earlier' });
      if (step.id === options.until) break;
      continue;
    }
    const ctx = { stack: record.stack, region: record.region, results: record.results };
    const skipped = step.skip?.(known, ctx);
    if (skipped) {
      deps.emit({ type: 'step-skip', step: step.id, title: step.title, reason: skipped });
      if (step.id === options.until) break;
      continue;
    }
    // A bad flag value is asked for, even over an answer saved by an earlier, unfinished run.
    for (const key of step.keys) if (options.invalid?.[key]) delete known[key];
    const answered = answeredValues(step, known, options.answers);
    const questions = step.questions(known, ctx).map((q) => withFlagProblem(q, options.invalid));
    if (questions.length > 0) {
      const raw = await deps.ask(step, questions);
      for (const [key, value] of Object.entries(raw) as [AnswerKey, RawAnswer][]) {
        known[key] = answerString(value);
        delete options.invalid?.[key];
      }
    }
    if (step.settle) Object.assign(known, step.settle(known, ctx));
    const problem = step.validate(known, ctx);
    if (problem) throw new UsageError(problem);
    for (const key of step.keys) if (known[key] !== undefined) record.answers[key] = known[key];
    record.steps[step.id] = { status: 'running', updatedAt: new Date(deps.now()).toISOString() };
    save(deps, record);
    deps.emit({
      type: 'step-start',
      step: step.id,
      title: step.title,
      why: step.why,
      ...(answered.length > 0 ? { answered } : {}),
    });

    const recordResource: RecordResource = (resource, reused) => {
      const full: RecordedResource = { ...resource, step: step.id, createdAt: new Date(deps.now()).toISOString() };
      if (!reused) deps.crashHook?.('before-record', full);
      if (!record.resources.some((r) => r.id === full.id && r.kind === full.kind)) {
        record.resources.push(full);
        save(deps, record);
      }
      deps.emit({ type: 'resource', step: step.id, resource: full, reused });
      if (!reused) deps.crashHook?.('after-record', full);
    };

    try {
      const result = await step.execute(known, stepDeps(deps, record), recordResource);
      (record.results as Record<string, unknown>)[step.id] = result;
      record.steps[step.id] = { status: 'done', updatedAt: new Date(deps.now()).toISOString() };
      save(deps, record);
      deps.emit({
        type: 'step-done',
        step: step.id,
        title: step.title,
        summary: step.summary(result),
        cli: step.cli(known, result, { stack: record.stack, region: record.region, results: record.results }),
      });
    } catch (error) {
      // Interrupted by the user (Ctrl+C, SIGTERM): whatever the call in flight threw says no more.
      const friendly: FriendlyError = deps.signal.aborted
        ? { message: 'interrupted', progressSaved: true }
        : friendlyError(error);
      record.steps[step.id] = {
        status: 'failed',
        error: friendly.message,
        updatedAt: new Date(deps.now()).toISOString(),
      };
      save(deps, record);
      deps.emit({ type: 'step-failed', step: step.id, title: step.title, error: friendly });
      return { ok: false, record, step: step.id, error: friendly };
    }
    if (step.id === options.until) break;
  }
  return { ok: true, record };
}
