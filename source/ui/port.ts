import type { RecordedResource } from '../model/resources.js';
import type { RunnerEvent } from '../model/events.js';
import type { Question, RawAnswer } from '../steps/types.js';
import type { AnswerKey } from '../model/answers.js';
import type { StepId } from '../model/steps.js';
import type { VerificationReport } from '../../verify/types.js';

/** Answers the UI hands back for one `ask`, keyed like the flags that would have carried them. */
export type AskAnswers = Partial<Record<AnswerKey, RawAnswer>>;

/**
 * What a running setup or teardown may use: report events and ask the user.
 * `ask` rejects with an AbortError once the user interrupts (Ctrl+C or `q`).
 */
export type RunIo = {
  emit(event: RunnerEvent): void;
  /** `about` names the step when its questions come before its step-start event. */
  ask(step: StepId, questions: Question[], about?: { title: string; why: string }): Promise<AskAnswers>;
  signal: AbortSignal;
};

/** One step as saved progress knows it, for the start screen and the step list. */
export type StepProgress = {
  id: StepId;
  title: string;
  status: 'pending' | 'running' | 'done' | 'failed' | 'skipped';
  error?: string;
};

/** The cluster and EC2 capacity a `--create-cluster` setup will create, by name. */
export type CapacityPreview = {
  cluster: string;
  instanceType: string;
  instances: string;
  autoScalingGroup: string;
  capacityProvider: string;
  instanceRole: string;
  launchTemplate: string;
  instanceSecurityGroup: string;
};

/** The stack as the wizard opens it. */
export type StackProgress = {
  stack: string;
  /** Where it runs, e.g. `ap-northeast-1 (sandbox)`. */
  where: string;
  sandbox: boolean;
  steps: StepProgress[];
  /** With `--create-cluster`: the capacity setup will create (the start screen names what costs money). */
  capacity?: CapacityPreview;
  resources: RecordedResource[];
  /** The newest verification saved with the stack, e.g. `PASS after scale-out: 3 of 3 backends, 2026-12-01 10:02 UTC`. */
  lastVerdict?: string;
};

/**
 * How a setup run ended. `done` says whether the spread is proven: `verified` (every verification
 * that stands is PASS), `failed` (one is FAIL) or `unverified` (one could not run). `failed` carries
 * the failing step; the runner already emitted step-failed.
 */
export type WizardSetupEnd =
  { kind: 'done'; verification: 'verified' | 'failed' | 'unverified' } | { kind: 'failed'; step: StepId };

/** A change the wizard makes on a stack whose service runs: a scale (in or out) or a rolling deploy. */
export type ChangeKind = 'scale' | 'deploy';

/** One question of a change: its rule is its flag's (checked by the port), its default the stack's value now. */
export type ChangeField = {
  id: 'count' | 'image' | 'env';
  label: string;
  /** The flag or argument the headless command takes it as, e.g. `scale N`, `--image`. */
  flag: string;
  hint?: string;
  default?: string;
  /** Why the value cannot be used, as one line; undefined when it can. */
  validate(value: string): string | undefined;
};

/** How a watched change ended: whether it was done, the watch's verdict, and the menu's headline. */
export type WizardChangeEnd = { ok: boolean; verdict?: 'PASS' | 'FAIL'; message: string };

/**
 * The seam between the wizard screens and the engine. `enginePort` in `source/commands/wizard-port.ts`
 * implements it with the real setup flow, teardown and verifier; tests implement it with a scripted fake.
 */
export type WizardPort = {
  /** Saved progress of the stack (empty steps = a new stack). */
  progress(): Promise<StackProgress>;
  /**
   * Runs setup from the first step that is not done, verifying after the service and scale-out
   * (emitting `verify-result`); resolves when it finished or a step failed. `skip` may hold
   * `scale-out` (see `canSkip`): the service then keeps the tasks it has.
   */
  setup(io: RunIo, options: { skip: StepId[] }): Promise<WizardSetupEnd>;
  /** Steps that may be skipped after a failure without breaking the ones after them. */
  canSkip(step: StepId): boolean;
  /** Runs the verifier against the stack. Events (waits for healthy targets) go to `io`. */
  verify(io: RunIo): Promise<VerificationReport>;
  /** The questions of a change, with the stack's current values as defaults. */
  changeForm(kind: ChangeKind): Promise<ChangeField[]>;
  /**
   * Runs the change with the watch on (a paced load through the load balancer throughout, sending
   * `watch-tick` each second and `watch-result` at the end), with the answers of `changeForm`.
   */
  change(io: RunIo, kind: ChangeKind, values: Record<string, string>): Promise<WizardChangeEnd>;
  /** What teardown would delete, in order. */
  teardownPlan(): Promise<RecordedResource[]>;
  /**
   * Deletes the stack's resources in reverse; resolves with what remains because teardown
   * stopped, and what it keeps on purpose (the account-wide service-linked role, untagged things).
   */
  teardown(io: RunIo): Promise<{ remaining: RecordedResource[]; kept: RecordedResource[] }>;
  /** The command that resumes this stack, e.g. `ecs-alb-wizard --sandbox --stack demo`. */
  resumeCommand: string;
};
