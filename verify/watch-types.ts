/**
 * The watch (`verify --watch`, and `scale` / `deploy` through their change): a paced load through the
 * load balancer, a per-second timeline of what answered and what failed, next to what the platform
 * said at that moment, and a verdict on the change. The verifier knows no ECS: the caller reports
 * the platform's view as `WatchEvent`s, naming each backend by the id its answers carry.
 */
import type { ErrorKind, ExpectedBackend, VerificationInput } from './types.js';

/**
 * What the platform said about a backend, a deployment or the change.
 * - `task-started`: the backend's task is RUNNING.
 * - `target-registered` → `target-healthy` / `target-unhealthy` → `target-draining` → `target-drained`
 *   (deregistration finished: the target is gone from the group).
 * - `task-stopping`: its desired status is STOPPED (the stop signal is sent); `task-stopped`: it stopped.
 * - `deployment`: a deployment's rollout state changed (`state`: `IN_PROGRESS`, `COMPLETED`, `FAILED`).
 * - `circuit-breaker`: the deployment circuit breaker tripped (`detail` says what ECS said; `state`
 *   `ROLLED_BACK` when it rolled back).
 * - `change-started` / `change-ended`: the caller's change (UpdateService) began, and the caller saw it done.
 * - `message`: an ECS service event, kept for the timeline.
 */
export type WatchEventKind =
  | 'task-started'
  | 'target-registered'
  | 'target-healthy'
  | 'target-unhealthy'
  | 'target-draining'
  | 'target-drained'
  | 'task-stopping'
  | 'task-stopped'
  | 'deployment'
  | 'circuit-breaker'
  | 'change-started'
  | 'change-ended'
  | 'message';

/** One observation. `at` is when the caller saw it (epoch ms): it lags reality by up to one poll. */
export type WatchEvent = {
  at: number;
  kind: WatchEventKind;
  /** The backend id its answers carry (a container's 12-hex hostname), when it is about one task. */
  backend?: string;
  /** The target as the load balancer names it, e.g. `i-0abc12:32768`. */
  target?: string;
  taskId?: string;
  /** The task definition revision of the backend or deployment, e.g. `demo-web:3`. */
  revision?: string;
  /** The deployment's rollout state, or the circuit breaker's outcome. */
  state?: string;
  /** Free text: a stop reason, a health reason code, an ECS event message. */
  detail?: string;
};

/** A backend the watch knows: the verifier's expected backend plus the revision its task runs. */
export type WatchBackend = ExpectedBackend & { revision?: string };

/** What a caller may set for a watch; everything has a documented default. */
export type WatchInput = Pick<
  VerificationInput,
  | 'url'
  | 'timeoutMs'
  | 'hostnameRegex'
  | 'maxErrorRate'
  | 'tolerance'
  | 'confidence'
  | 'minPerBackend'
  | 'connectTo'
  | 'nodes'
  | 'resolveNodes'
  | 'reresolveMs'
  | 'dispatcher'
  | 'now'
> & {
  /** Requests per second, started evenly in time and over every node. Default 20. */
  rate?: number;
  /** The longest the watch runs, ms; it is always bounded. Default 10 min. */
  durationMs?: number;
  /** The backends answering when the watch starts (the set before the change). */
  expected?: WatchBackend[];
  /** How soon a new backend must answer after its target turned healthy, ms. Default 10 s. */
  answerWithinMs?: number;
  /** Stops the watch (Ctrl+C): it judges what it saw. */
  signal?: AbortSignal;
  /** Called once per second with the live picture. */
  onTick?: (snapshot: WatchSnapshot) => void;
  /**
   * How late the caller may see what happened (one poll of its observer), ms. Default 2000. An answer
   * to a request sent within this of its target's drained event, and a task stopped within this of
   * its target's drained event, are not held against the change.
   */
  eventLagMs?: number;
  /** The watch's time and timers; tests pass a fake one. Default the real clock (`input.now` for time). */
  clock?: WatchClock;
};

/** Time (epoch ms) and a one-shot timer; `after` returns a cancel function. */
export type WatchClock = { now(): number; after(ms: number, run: () => void): () => void };

/** A running watch. */
export interface Watch {
  /** Adds what the platform said; events may arrive late and out of order. */
  event(event: WatchEvent): void;
  /**
   * The change is done: `expected` is the set that should answer now. The watch keeps its pace until
   * the spread over that set is settled either way (or `settleMs`, default 60 s, passes), then judges.
   */
  finish(after: { expected: WatchBackend[]; settleMs?: number }): Promise<WatchReport>;
  /**
   * Stops now and judges what it saw: `aborted` (default: the caller gave up, Ctrl+C) or `duration`
   * (the caller's own time limit). A watch that already ended returns its report as it was.
   */
  stop(reason?: Exclude<WatchStopReason, 'finished'>): Promise<WatchReport>;
  /** Resolves when the watch ends, by itself (its `durationMs`, the signal) or through `finish`/`stop`. */
  readonly ended?: Promise<WatchReport>;
}

/** One second of the timeline. */
export type TimelineBucket = {
  /** Seconds since the watch started: 0, 1, 2, ... */
  second: number;
  /** Requests started in this second. */
  requests: number;
  /** Of those, how many failed. */
  failures: number;
  /** Failures by label (`502`, `timeout`, `reset`, `refused`, ...). */
  failuresBy: Record<string, number>;
  /** Answers by backend id. */
  backends: Record<string, number>;
};

/** A backend's life during the watch; times are ms since the watch started. */
export type WatchLane = {
  backend: string;
  revision?: string;
  target?: string;
  taskId?: string;
  /** Where it stands now (live) or at the end (report). */
  state: 'starting' | 'healthy' | 'unhealthy' | 'draining' | 'drained' | 'stopped';
  /** Whether it was answering when the watch started (the old set). */
  before: boolean;
  healthyAtMs?: number;
  drainingAtMs?: number;
  drainedAtMs?: number;
  stoppedAtMs?: number;
  firstAnswerAtMs?: number;
  lastAnswerAtMs?: number;
  answers: number;
};

/** One failed request, with what was changing when it failed. */
export type WatchFailure = {
  /** ms since the watch started, when the request was sent. */
  atMs: number;
  kind: ErrorKind;
  status?: number;
  code?: string;
  /** `502`, `timeout`, ... as in `failuresBy`. */
  label: string;
  /** The load balancer node it went to (address). */
  node?: string;
  /** Targets and tasks that were not simply healthy at that moment, e.g. `i-0abc:32768 draining (task 3f2a…)`. */
  context: string[];
};

export type WatchCriterionId =
  | 'no-failures'
  | 'new-answer-soon'
  | 'none-after-drained'
  | 'stopped-after-drained'
  | 'even-after'
  | 'old-revision-gone'
  | 'circuit-breaker';

export type WatchCriterion = {
  id: WatchCriterionId;
  pass: boolean;
  title: string;
  evidence: string;
  /** What to change when it fails, in AWS terms. */
  fix?: string;
};

/** The live picture, once per second. */
export type WatchSnapshot = {
  elapsedMs: number;
  rate: { target: number; achieved: number };
  sent: number;
  failed: number;
  lanes: WatchLane[];
  /** The second just closed. */
  last?: TimelineBucket;
};

export type WatchStopReason = 'finished' | 'duration' | 'aborted';

/** The watch's result. Serialized as-is by `--json` (`timeline` is the per-second buckets). */
export type WatchReport = {
  url: string;
  verdict: 'PASS' | 'FAIL';
  startedAt: string;
  durationMs: number;
  /**
   * Requests per second asked for and achieved, and `|achieved - target| / target`. `skipped`: slots
   * of the schedule not sent, because the scheduler ran late beyond its catch-up bound (`late`) or
   * the in-flight cap was reached (`overCap`); neither counts as a failure (see `pacer.ts`).
   */
  rate: { target: number; achieved: number; pacingError: number; skipped?: { late: number; overCap: number } };
  sent: number;
  failed: number;
  timeline: TimelineBucket[];
  /** Every event, with `atMs` (ms since the start) beside `at`. */
  events: (WatchEvent & { atMs: number })[];
  lanes: WatchLane[];
  failures: WatchFailure[];
  criteria: WatchCriterion[];
  stoppedBecause: WatchStopReason;
  options: {
    rate: number;
    durationMs: number;
    answerWithinMs: number;
    maxErrorRate: number;
    timeoutMs: number;
    eventLagMs?: number;
  };
};
