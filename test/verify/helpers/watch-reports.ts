import type {
  TimelineBucket,
  WatchCriterion,
  WatchEvent,
  WatchFailure,
  WatchLane,
  WatchReport,
} from '../../../verify/watch-types.js';

/** The watch's start in the fixtures: every `at` is this plus `atMs`. */
export const STARTED = Date.parse('2026-12-01T10:00:00.000Z');

type Spec = {
  durationS: number;
  rate: number;
  lanes: WatchLane[];
  events: (Omit<WatchEvent, 'at'> & { atMs: number })[];
  failures: WatchFailure[];
  criteria: WatchCriterion[];
};

/** Whether the load balancer sends a lane new requests in the second starting at `ms`. */
function routed(lane: WatchLane, ms: number): boolean {
  const from = lane.before ? 0 : (lane.healthyAtMs ?? Infinity);
  const until = Math.min(lane.drainingAtMs ?? Infinity, lane.stoppedAtMs ?? Infinity);
  return from <= ms && ms < until;
}

/**
 * A report as the watch would write it: `rate` requests each second, round-robin over the lanes
 * routed that second, minus the failures; the lanes' answer counts and first/last answers follow.
 */
function build(spec: Spec): WatchReport {
  const timeline: TimelineBucket[] = [];
  const lanes = spec.lanes.map((l) => ({ ...l, answers: 0 }));
  let turn = 0;
  for (let second = 0; second < spec.durationS; second += 1) {
    const failed = spec.failures.filter((f) => Math.floor(f.atMs / 1000) === second);
    const failuresBy: Record<string, number> = {};
    for (const f of failed) failuresBy[f.label] = (failuresBy[f.label] ?? 0) + 1;
    const backends: Record<string, number> = {};
    const open = lanes.filter((l) => routed(l, second * 1000));
    for (let i = 0; i < spec.rate - failed.length && open.length > 0; i += 1) {
      const lane = open[turn++ % open.length]!;
      backends[lane.backend] = (backends[lane.backend] ?? 0) + 1;
      lane.answers += 1;
      const atMs = second * 1000 + Math.floor((i * 1000) / spec.rate);
      lane.firstAnswerAtMs ??= atMs;
      lane.lastAnswerAtMs = atMs;
    }
    timeline.push({ second, requests: spec.rate, failures: failed.length, failuresBy, backends });
  }
  const sent = spec.rate * spec.durationS;
  const failed = spec.failures.length;
  return {
    url: 'http://demo-alb-1234.ap-northeast-1.elb.amazonaws.com/hostname',
    verdict: spec.criteria.every((c) => c.pass) ? 'PASS' : 'FAIL',
    startedAt: new Date(STARTED).toISOString(),
    durationMs: spec.durationS * 1000,
    rate: { target: spec.rate, achieved: (sent / spec.durationS) * 0.99, pacingError: 0.01 },
    sent,
    failed,
    timeline,
    events: spec.events.map((e) => ({ ...e, at: STARTED + e.atMs })),
    lanes,
    failures: spec.failures,
    criteria: spec.criteria,
    stoppedBecause: 'finished',
    options: { rate: spec.rate, durationMs: 600_000, answerWithinMs: 10_000, maxErrorRate: 0, timeoutMs: 5000 },
  };
}

const A = 'a1b2c3d4e5f6';
const B = '0f1e2d3c4b5a';
const C = '9a8b7c6d5e4f';
const target = (port: number) => `i-0a1b2c3d4e5f60001:${port}`;

/**
 * `scale 3` then `scale 1` watched for 60 s at 20 req/s: two tasks join (healthy at 12 s and 13 s),
 * then drain from 38 s; one of them (C) is stopped at 41 s while still draining, and a request sent
 * at 41.3 s gets a 502.
 */
export function scaleOutInWith502(): WatchReport {
  const lane = (backend: string, port: number, taskId: string, extra: Partial<WatchLane>): WatchLane => ({
    backend,
    revision: 'demo-web:1',
    target: target(port),
    taskId,
    state: 'drained',
    before: false,
    answers: 0,
    ...extra,
  });
  return build({
    durationS: 60,
    rate: 20,
    lanes: [
      lane(A, 32768, '3f2a9c1e', { state: 'healthy', before: true }),
      lane(B, 32769, '5b7e0d42', {
        healthyAtMs: 12_000,
        drainingAtMs: 38_000,
        drainedAtMs: 48_000,
        stoppedAtMs: 50_000,
      }),
      lane(C, 32770, '7c1d88aa', {
        state: 'stopped',
        healthyAtMs: 13_000,
        drainingAtMs: 38_000,
        stoppedAtMs: 41_000,
        drainedAtMs: 48_000,
      }),
    ],
    events: [
      { atMs: 2000, kind: 'change-started', detail: 'desired count 1 → 3' },
      { atMs: 3000, kind: 'task-started', backend: B, taskId: '5b7e0d42', revision: 'demo-web:1' },
      { atMs: 3000, kind: 'task-started', backend: C, taskId: '7c1d88aa', revision: 'demo-web:1' },
      { atMs: 4000, kind: 'target-registered', backend: B, target: target(32769) },
      { atMs: 4000, kind: 'target-registered', backend: C, target: target(32770) },
      { atMs: 12_000, kind: 'target-healthy', backend: B, target: target(32769) },
      { atMs: 13_000, kind: 'target-healthy', backend: C, target: target(32770) },
      { atMs: 14_000, kind: 'change-ended', detail: '3 of 3 targets healthy' },
      { atMs: 36_000, kind: 'change-started', detail: 'desired count 3 → 1' },
      { atMs: 38_000, kind: 'target-draining', backend: B, target: target(32769) },
      { atMs: 38_000, kind: 'target-draining', backend: C, target: target(32770) },
      { atMs: 41_000, kind: 'task-stopped', backend: C, taskId: '7c1d88aa', detail: 'Essential container exited' },
      { atMs: 48_000, kind: 'target-drained', backend: B, target: target(32769) },
      { atMs: 48_000, kind: 'target-drained', backend: C, target: target(32770) },
      { atMs: 49_000, kind: 'task-stopping', backend: B, taskId: '5b7e0d42' },
      { atMs: 50_000, kind: 'task-stopped', backend: B, taskId: '5b7e0d42', detail: 'Scaling activity initiated' },
      { atMs: 52_000, kind: 'change-ended', detail: '1 of 1 targets healthy' },
    ],
    failures: [
      {
        atMs: 41_300,
        kind: 'status',
        status: 502,
        label: '502',
        node: '127.0.0.2',
        context: [`${target(32770)} draining (task 7c1d88aa)`, 'task 7c1d88aa stopped'],
      },
    ],
    criteria: [
      { id: 'no-failures', pass: false, title: 'No failed request', evidence: '1 of 1200 failed: 502 at 41.3 s' },
      { id: 'new-answer-soon', pass: true, title: 'New tasks answer soon', evidence: 'within 0.1 s of healthy' },
      { id: 'none-after-drained', pass: true, title: 'No answer after drained', evidence: 'none after 48.0 s' },
      {
        id: 'stopped-after-drained',
        pass: false,
        title: 'Tasks stop only after draining',
        evidence: 'task 7c1d88aa stopped at 41.0 s, its target drained at 48.0 s',
        fix: 'Set deregistration_delay.timeout_seconds below the container stopTimeout',
      },
      { id: 'even-after', pass: true, title: 'Even spread after', evidence: '1 backend, 260 answers' },
    ],
  });
}

/** `deploy` watched for 40 s at 10 req/s: A (demo-web:1) is replaced by D (demo-web:2), no failure. */
export function deployPassing(): WatchReport {
  const D = 'd4d4d4d4d4d4';
  return build({
    durationS: 40,
    rate: 10,
    lanes: [
      {
        backend: A,
        revision: 'demo-web:1',
        target: target(32768),
        state: 'stopped',
        before: true,
        drainingAtMs: 16_000,
        drainedAtMs: 26_000,
        stoppedAtMs: 27_000,
        answers: 0,
      },
      {
        backend: D,
        revision: 'demo-web:2',
        target: target(32771),
        state: 'healthy',
        before: false,
        healthyAtMs: 15_000,
        answers: 0,
      },
    ],
    events: [
      { atMs: 1000, kind: 'change-started', detail: 'demo-web:1 → demo-web:2' },
      { atMs: 1000, kind: 'deployment', state: 'IN_PROGRESS', revision: 'demo-web:2' },
      { atMs: 3000, kind: 'task-started', backend: D, revision: 'demo-web:2' },
      { atMs: 15_000, kind: 'target-healthy', backend: D, target: target(32771) },
      { atMs: 16_000, kind: 'target-draining', backend: A, target: target(32768) },
      { atMs: 26_000, kind: 'target-drained', backend: A, target: target(32768) },
      { atMs: 27_000, kind: 'task-stopped', backend: A },
      { atMs: 28_000, kind: 'deployment', state: 'COMPLETED', revision: 'demo-web:2' },
      { atMs: 28_000, kind: 'change-ended', detail: 'deployment COMPLETED' },
    ],
    failures: [],
    criteria: [
      { id: 'no-failures', pass: true, title: 'No failed request', evidence: '0 of 400 failed' },
      { id: 'old-revision-gone', pass: true, title: 'No old revision after', evidence: 'none after 28.0 s' },
      { id: 'circuit-breaker', pass: true, title: 'Circuit breaker', evidence: 'not tripped' },
    ],
  });
}

/** A 6 h `verify --watch` at 20 req/s: B joins at 1 h, one timeout at 2 h. */
export function sixHourWatch(): WatchReport {
  return build({
    durationS: 6 * 3600,
    rate: 20,
    lanes: [
      { backend: A, state: 'healthy', before: true, answers: 0 },
      { backend: B, state: 'healthy', before: false, healthyAtMs: 3_600_000, answers: 0 },
    ],
    events: [{ atMs: 3_600_000, kind: 'target-healthy', backend: B }],
    failures: [{ atMs: 7_200_500, kind: 'timeout', label: 'timeout', context: [] }],
    criteria: [{ id: 'no-failures', pass: false, title: 'No failed request', evidence: '1 of 432000 failed' }],
  });
}
