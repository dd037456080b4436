/**
 * The step model (DESIGN §4): the memo as data. Steps never talk to the UI; they describe
 * questions, validate answers purely, and call AWS only in `execute`.
 */
import type { AnswerKey, Answers } from '../model/answers.js';
import type { StepId } from '../model/steps.js';

export type Choice = {
  value: string;
  label: string;
  /** Extra detail shown dimmed, e.g. `2 container instances` or `ap-northeast-1a, public`. */
  hint?: string;
};

type QuestionBase = {
  key: AnswerKey;
  /** The flag that answers this question without a prompt, e.g. `--subnets`. */
  flag: string;
  message: string;
  /** Why the value its flag gave cannot be used (naming the flag); the UI shows it from the start. */
  error?: string;
  /** That rejected value: a text input starts from it, so the user can correct it. */
  given?: string;
};

/** A question is data; the UI renders it and returns the raw value. */
export type Question = QuestionBase &
  (
    | { kind: 'text'; default?: string; validate(value: string): string | undefined }
    | { kind: 'select'; choices: Choice[]; default?: string }
    | {
        kind: 'multiselect';
        choices: Choice[];
        default?: string[];
        validate?(values: string[]): string | undefined;
      }
    | { kind: 'confirm'; default: boolean }
  );

/** What the UI hands back for one question. */
export type RawAnswer = string | string[] | boolean;

// ---- The step object (DESIGN §4) and what it receives --------------------------------------

import type { AwsClients } from '../aws/clients.js';
import type { WaitPolicy } from '../aws/wait.js';
import type { RecordedResource } from '../model/resources.js';
import type { RunnerEvent } from '../model/events.js';
import type { StepResults } from '../model/results.js';

/** What earlier steps found: the stack, region and each finished step's result. */
export type StepContext = { stack: string; region: string; results: StepResults };

/** Everything `execute` and `teardown` may use; tests swap every part. */
export type StepDeps = {
  stack: string;
  clients: AwsClients;
  context: StepContext;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  /** Bounds for every wait (`--wait-timeout`) and its poll delays. */
  waits: WaitPolicy;
  emit: (event: RunnerEvent) => void;
};

/** What a step hands to `record`; the runner adds the step id and time and persists it at once. */
export type NewResource = Omit<RecordedResource, 'step' | 'createdAt'>;

/** Persists a resource the moment its create call returned (or it was found already there). */
export type RecordResource = (resource: NewResource, reused: boolean) => void;

/** How teardown of one recorded resource ended. */
export type ResourceTeardownOutcome = 'deleted' | 'already-gone' | 'revoked' | 'kept' | 'not-ours';

/** One memo step as data: questions, pure validation, the AWS calls, teardown and CLI twin. */
export type Step<Result = unknown> = {
  id: StepId;
  title: string;
  /** The memo's point and today's practice, in one or two sentences. */
  why: string;
  /** The answers this step owns (and the flags that give them). */
  keys: readonly AnswerKey[];
  /** Only the questions `known` (flags, saved answers) leaves open; `[]` when all are answered. */
  questions(known: Answers, ctx: StepContext): Question[];
  /**
   * Pure: the answers this step derives from what was given or picked, merged before `validate`
   * and saved with them (the cluster question's "create one" choice sets `createCluster`).
   */
  settle?(known: Answers, ctx: StepContext): Answers;
  /** Pure: why this step does not apply to these answers (the runner skips it, showing why). */
  skip?(known: Answers, ctx: StepContext): string | undefined;
  /** Pure: why the answers cannot be used, naming the flag, or undefined. */
  validate(answers: Answers, ctx: StepContext): string | undefined;
  /** The only place AWS is called. Idempotent: finds by name or tag before creating. */
  execute(answers: Answers, deps: StepDeps, record: RecordResource): Promise<Result>;
  /** Deletes (or revokes) one resource this step recorded. NotFound counts as done. */
  teardown?(resource: RecordedResource, deps: StepDeps): Promise<ResourceTeardownOutcome>;
  /** Result lines for logs, e.g. `sg-0abc (demo-alb-sg)`. */
  summary(result: Result): string[];
  /** The equivalent `aws` CLI commands, with real values when known and shell variables otherwise. */
  cli(answers: Answers, result?: Result, ctx?: StepContext): string[];
};
