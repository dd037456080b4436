import type { AnsweredValue, WatchedChange } from '../../model/events.js';
import type { FriendlyError } from '../../model/errors.js';
import type { InstanceRow, RecordedResource, TargetRow } from '../../model/resources.js';
import type { Question } from '../../steps/types.js';
import type { StepId } from '../../model/steps.js';
import type { VerificationReport } from '../../../verify/types.js';
import type { TimelineBucket, WatchReport, WatchSnapshot } from '../../../verify/watch-types.js';
import type { ChangeField, ChangeKind, StackProgress, StepProgress } from '../port.js';

export type StepStatus = StepProgress['status'];

/** A step as the live step list shows it. */
export type StepView = { id: StepId; title: string; status: StepStatus };

/** A wait in progress: what is awaited, since when, and the live targets when AWS reports them. */
export type WaitView = {
  id: string;
  step: StepId;
  what: string;
  usually?: string;
  progress?: string;
  startedAt: number;
  targets?: TargetRow[];
  instances?: InstanceRow[];
};

/** An AWS call running long, as the live area shows it: `waiting for ELBv2 CreateLoadBalancer… 7 s`. */
export type SlowCallView = { id: string; what: string; elapsedMs: number };

/** The step being worked on: its why, what it answered and created so far. */
export type CurrentStep = {
  id: StepId;
  title: string;
  why: string;
  answered: AnsweredValue[];
  /** Values the user gave at prompts in this run: the question, its flag and the answer. */
  given: { label: string; flag: string; value: string }[];
  resources: { resource: RecordedResource; reused: boolean }[];
  logs: string[];
};

/** Something finished, printed once above the live area (Ink `<Static>`). */
export type LogItem =
  | {
      kind: 'step';
      key: string;
      id: StepId;
      title: string;
      status: 'done' | 'skipped' | 'failed';
      lines: string[];
      cli: string[];
    }
  | {
      kind: 'teardown';
      key: string;
      label: string;
      outcome: 'deleted' | 'already-gone' | 'revoked' | 'failed';
      detail?: string;
    }
  | { kind: 'wait'; key: string; what: string; ok: boolean; elapsedMs: number }
  | { kind: 'verification'; key: string; report: VerificationReport }
  | { kind: 'watch'; key: string; change: WatchedChange; report: WatchReport }
  | { kind: 'note'; key: string; text: string };

/** A log item before the reducer gives it its key. */
export type NewLogItem = LogItem extends infer T ? (T extends LogItem ? Omit<T, 'key'> : never) : never;

/**
 * A change being watched: the latest live picture (lanes, failures, rate), replaced every second,
 * and the last seconds of the timeline (at most `WATCH_WINDOW`) so each lane can show its answers over time.
 */
export type WatchView = { change: WatchedChange; snapshot: WatchSnapshot; recent: TimelineBucket[] };

/** How many seconds of the timeline the live lanes keep and draw. */
export const WATCH_WINDOW = 30;

/** Where the wizard is. Each phase names what the user sees and what keys do. */
export type Phase =
  | { name: 'loading' }
  | { name: 'start'; progress: StackProgress }
  | { name: 'setup' }
  | { name: 'failed'; step: StepId; error: FriendlyError; canSkip: boolean }
  | { name: 'verifying' }
  /** Asking what a scale or deploy should do (the count; the image and environment). */
  | { name: 'change-form'; change: ChangeKind; fields: ChangeField[] }
  /** A scale or deploy running, watched: the live lanes show it. */
  | { name: 'changing'; change: ChangeKind }
  | { name: 'menu'; message: string }
  | { name: 'teardown-confirm'; resources: RecordedResource[] }
  | { name: 'teardown' }
  | { name: 'done'; lines: string[]; code: number }
  | { name: 'interrupted' };

/** The whole screen state, built only by the reducer. */
export type WizardState = {
  phase: Phase;
  /** `stack demo · ap-northeast-1 (sandbox)`, once progress is loaded. */
  header?: string;
  steps: StepView[];
  current?: CurrentStep;
  waits: WaitView[];
  /** AWS calls running long right now (reported by the call watch; gone when they end). */
  calls: SlowCallView[];
  question?: { step: StepId; questions: Question[] };
  log: LogItem[];
  /** `aws` CLI commands of the last finished step, shown while `showCli` is on. */
  lastCli?: { title: string; commands: string[] };
  showCli: boolean;
  /** The change being watched right now (scale, deploy); gone when its verdict is logged. */
  watch?: WatchView;
  /** The resource teardown is deleting now. */
  deleting?: RecordedResource;
  seq: number;
};
