import type { VerificationReport } from '../../verify/types.js';
import type { WatchReport, WatchSnapshot } from '../../verify/watch-types.js';
import type { AnswerKey } from './answers.js';
import type { FriendlyError } from './errors.js';
import type { InstanceRow, RecordedResource, TargetRow } from './resources.js';
import type { StepId } from './steps.js';

/** A value answered without a prompt: the wizard shows it as already answered. */
export type AnsweredValue = {
  key: AnswerKey;
  /** The flag that carries it, e.g. `--cluster`. */
  flag: string;
  value: string;
  source: 'flag' | 'saved';
};

/** A change the watch runs through: a scale (out or in), a rolling deploy, or `verify --watch` alone. */
export type WatchedChange = 'scale' | 'deploy' | 'watch';

/**
 * Everything the runner (setup) and teardown report, in order. The UI is a pure reducer over
 * these; the plain-text and JSON outputs read the same stream.
 */
export type RunnerEvent =
  | {
      type: 'step-start';
      step: StepId;
      title: string;
      why: string;
      /** Values this step will use that no prompt asks for (given as flags, or saved earlier). */
      answered?: AnsweredValue[];
    }
  | { type: 'step-skip'; step: StepId; title: string; reason: string }
  | { type: 'resource'; step: StepId; resource: RecordedResource; reused: boolean }
  | {
      type: 'wait';
      step: StepId;
      /** Stable id of this wait, so updates replace the previous line. */
      id: string;
      what: string;
      /** How long this usually takes on AWS, e.g. `usually 2-4 min`. */
      usually?: string;
      /** Current progress, e.g. `healthy 2/3`. */
      progress?: string;
      startedAt: number;
      targets?: TargetRow[];
      /** EC2 instances and whether each registered in the cluster, when the wait is about them. */
      instances?: InstanceRow[];
    }
  | { type: 'wait-end'; step: StepId; id: string; ok: boolean; elapsedMs: number }
  | { type: 'log'; step: StepId; message: string }
  | { type: 'step-done'; step: StepId; title: string; summary: string[]; cli: string[] }
  | { type: 'step-failed'; step: StepId; title: string; error: FriendlyError }
  | { type: 'teardown-start'; resource: RecordedResource }
  | { type: 'teardown-done'; resource: RecordedResource; outcome: 'deleted' | 'already-gone' | 'revoked' }
  | { type: 'teardown-failed'; resource: RecordedResource; error: FriendlyError }
  /** The verifier's full report after a step (service: 1 backend; scale-out: N backends). */
  | { type: 'verify-result'; step: StepId; report: VerificationReport }
  /** The watch's live picture, once per second while a change is watched. */
  | { type: 'watch-tick'; change: WatchedChange; snapshot: WatchSnapshot }
  /** The watch's verdict on the change. */
  | { type: 'watch-result'; change: WatchedChange; report: WatchReport }
  /**
   * An AWS call that has run long (a slow endpoint, retries after throttling or timeouts): sent
   * once it passes the call watch's threshold, then every second while it runs, and once more
   * with `ended` when it returns either way, so a screen never sits silent on a call.
   */
  | {
      type: 'aws-call';
      /** Stable id of the call, so an update replaces the previous line. */
      id: string;
      /** `ELBv2 CreateLoadBalancer`. */
      what: string;
      startedAt: number;
      /** How long it has run when this was sent. */
      elapsedMs: number;
      ended: boolean;
    };
