import { describe, expect, it } from 'vitest';
import type { WatchReport } from '../../verify/watch-types.js';
import { play, rotate } from './helpers/watch-scenario.js';

const criterion = (report: WatchReport, id: string) => report.criteria.find((c) => c.id === id);
const ids = (report: WatchReport) => report.criteria.map((c) => `${c.id}:${c.pass ? 'pass' : 'fail'}`);
const target = (id: string) => ({ backend: id, target: `i-0${id}:3276${id.length}`, taskId: `task-${id}` });

describe('watch criteria: a scale-out', () => {
  it('Given 1 task scaled to 3 whose new targets turn healthy and answer, then PASS with no failure, new answers and an even spread', async () => {
    const report = await play({
      before: [{ id: 'a' }],
      answer: (ms, n) => (ms < 8_000 ? { id: 'a' } : rotate('a', 'b', 'c')(n)),
      events: [
        [4_000, { kind: 'task-started', ...target('b') }],
        [4_000, { kind: 'task-started', ...target('c') }],
        [5_000, { kind: 'target-registered', ...target('b') }],
        [5_000, { kind: 'target-registered', ...target('c') }],
        [8_000, { kind: 'target-healthy', ...target('b') }],
        [8_000, { kind: 'target-healthy', ...target('c') }],
      ],
      finish: { atMs: 9_000, expected: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] },
      untilMs: 120_000,
    });
    expect(ids(report)).toEqual(['no-failures:pass', 'new-answer-soon:pass', 'even-after:pass']);
    expect(report.verdict).toBe('PASS');
    expect(report.stoppedBecause).toBe('finished');
    expect(report.lanes.map((l) => [l.backend, l.state, l.before])).toEqual([
      ['a', 'healthy', true],
      ['b', 'healthy', false],
      ['c', 'healthy', false],
    ]);
    expect(report.lanes[1]?.healthyAtMs).toBe(8_000);
    expect(criterion(report, 'new-answer-soon')?.evidence).toContain('i-0b:32761 (backend b, task task-b) 0 s');
  });

  it('Given a new target that turns healthy but never answers within 10 s, then new-answer-soon FAILs naming it', async () => {
    const report = await play({
      before: [{ id: 'a' }],
      answer: () => ({ id: 'a' }),
      events: [[3_000, { kind: 'target-healthy', ...target('c') }]],
      untilMs: 20_000,
    });
    const soon = criterion(report, 'new-answer-soon');
    expect(soon?.pass).toBe(false);
    expect(soon?.title).toContain('within 10 s');
    expect(soon?.evidence).toContain('backend c, task task-c) never answered (healthy at 3.0 s)');
    expect(soon?.fix).toContain('listener rule');
    expect(report.verdict).toBe('FAIL');
  });

  it('Given a new target whose window is still open when the watch ends, then new-answer-soon is left out, not passed', async () => {
    const report = await play({
      answer: () => ({ id: 'a' }),
      events: [[3_000, { kind: 'target-healthy', ...target('c') }]],
      untilMs: 6_000,
    });
    expect(criterion(report, 'new-answer-soon')).toBeUndefined();
  });

  it('Given the spread after the change is not even (c silent), then even-after FAILs', async () => {
    const report = await play({
      before: [{ id: 'a' }],
      answer: (_ms, n) => rotate('a', 'b')(n),
      finish: { atMs: 2_000, expected: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] },
      untilMs: 120_000,
    });
    const even = criterion(report, 'even-after');
    expect(even?.pass).toBe(false);
    expect(even?.evidence).toContain('c');
    expect(report.verdict).toBe('FAIL');
  });

  it('Given a plain watch with no events, then only no-failures applies', async () => {
    const report = await play({ answer: () => ({ id: 'a' }), untilMs: 5_000 });
    expect(ids(report)).toEqual(['no-failures:pass']);
    expect(criterion(report, 'no-failures')?.evidence).toBe('0 of 101 requests failed');
  });
});

describe('watch criteria: a scale-in', () => {
  const drainB = (drainedAt: number) =>
    [
      [3_000, { kind: 'target-draining', ...target('b') }],
      [drainedAt, { kind: 'target-drained', ...target('b') }],
      [drainedAt + 500, { kind: 'task-stopped', ...target('b') }],
    ] as const;

  it('Given a 502 while a target drains, then no-failures FAILs listing the draining target and the fix', async () => {
    const report = await play({
      before: [{ id: 'a', instanceId: 'i-0b', hostPort: 32761, taskId: 'task-b' }, { id: 'b' }],
      answer: (ms, n) =>
        ms >= 3_000 && ms < 3_200 && n % 2 === 1 ? { status: 502 } : ms < 3_000 ? rotate('a', 'b')(n) : { id: 'a' },
      events: [...drainB(6_000)],
      untilMs: 10_000,
    });
    const none = criterion(report, 'no-failures');
    expect(none?.pass).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
    expect(report.failures[0]).toMatchObject({ label: '502', status: 502, kind: 'status' });
    expect(report.failures[0]?.context).toEqual(['i-0b:32761 (backend b, task task-b) draining']);
    expect(none?.evidence).toMatch(/^2 of 201 requests failed \(1\.0%\); first at 3\.\d s \(502 while i-0b:32761/);
    expect(none?.fix).toContain('in-flight requests after the stop signal');
    expect(report.timeline[3]?.failuresBy).toEqual({ 502: 2 });
  });

  it('Given --max-error-rate above the failures seen, then no-failures passes and says how many failed', async () => {
    const report = await play({
      answer: (_ms, n) => (n === 5 ? { status: 502 } : { id: 'a' }),
      untilMs: 5_000,
      input: { maxErrorRate: 0.05 },
    });
    expect(criterion(report, 'no-failures')).toMatchObject({
      pass: true,
      title: 'failed requests ≤ 5.0% through the change',
    });
  });

  it('Given a target drained properly, then none-after-drained and stopped-after-drained PASS', async () => {
    const report = await play({
      before: [{ id: 'a' }, { id: 'b' }],
      answer: (ms, n) => (ms < 3_000 ? rotate('a', 'b')(n) : { id: 'a' }),
      events: [...drainB(6_000)],
      untilMs: 10_000,
    });
    expect(ids(report)).toEqual(['no-failures:pass', 'none-after-drained:pass', 'stopped-after-drained:pass']);
    expect(report.lanes.find((l) => l.backend === 'b')).toMatchObject({
      state: 'stopped',
      drainingAtMs: 3_000,
      drainedAtMs: 6_000,
    });
  });

  it('Given a task that answers requests sent after its target drained, then none-after-drained FAILs with when', async () => {
    const report = await play({
      before: [{ id: 'a' }, { id: 'b' }],
      answer: (ms, n) => (ms < 9_000 ? rotate('a', 'b')(n) : { id: 'a' }),
      events: [
        [3_000, { kind: 'target-draining', ...target('b') }],
        [5_000, { kind: 'target-drained', ...target('b') }],
      ],
      untilMs: 12_000,
    });
    const after = criterion(report, 'none-after-drained');
    expect(after?.pass).toBe(false);
    expect(after?.evidence).toBe(
      'i-0b:32761 (backend b, task task-b) drained at 5.0 s, answered until 8.9 s (20 answers)',
    );
  });

  it('Given answers within the event lag after drained, then none-after-drained still passes (the event is seen up to a poll late)', async () => {
    const report = await play({
      before: [{ id: 'a' }, { id: 'b' }],
      answer: (ms, n) => (ms < 6_900 ? rotate('a', 'b')(n) : { id: 'a' }),
      events: [[5_000, { kind: 'target-drained', ...target('b') }]],
      untilMs: 10_000,
    });
    expect(criterion(report, 'none-after-drained')?.pass).toBe(true);
  });

  it('Given a task stopped while its target still drains, then stopped-after-drained FAILs naming the deregistration delay and stop timeout', async () => {
    const report = await play({
      before: [{ id: 'a' }, { id: 'b' }],
      answer: (ms, n) => (ms < 3_000 ? rotate('a', 'b')(n) : { id: 'a' }),
      events: [
        [3_000, { kind: 'target-draining', ...target('b') }],
        [5_000, { kind: 'task-stopped', ...target('b') }],
        [30_000, { kind: 'target-drained', ...target('b') }],
      ],
      untilMs: 31_000,
    });
    const stopped = criterion(report, 'stopped-after-drained');
    expect(stopped?.pass).toBe(false);
    expect(stopped?.evidence).toBe(
      'i-0b:32761 (backend b, task task-b) stopped at 5.0 s while its target was draining (since 3.0 s)',
    );
    expect(stopped?.fix).toContain(
      "deregistration delay (deregistration_delay.timeout_seconds) shorter than the container's stop timeout",
    );
  });

  it('Given a task that dies abruptly, then its 502s are listed with the task stopped and both criteria FAIL naming it', async () => {
    const report = await play({
      before: [{ id: 'a' }, { id: 'b', instanceId: 'i-0b', hostPort: 32761, taskId: 'task-b' }],
      answer: (ms, n) => (ms < 4_000 ? rotate('a', 'b')(n) : ms < 7_000 && n % 2 === 1 ? { status: 502 } : { id: 'a' }),
      events: [
        [5_000, { kind: 'task-stopped', backend: 'b', detail: 'Essential container in task exited' }],
        [7_000, { kind: 'target-unhealthy', backend: 'b' }],
      ],
      untilMs: 10_000,
    });
    expect(report.verdict).toBe('FAIL');
    expect(report.failures[0]?.context).toEqual(['i-0b:32761 (backend b, task task-b) healthy, stopped at 5.0 s']);
    expect(report.failures.at(-1)?.context).toEqual([
      'i-0b:32761 (backend b, task task-b) stopped, unhealthy at 7.0 s',
    ]);
    expect(criterion(report, 'no-failures')?.fix).toContain('a task stopped while its target was still in service');
    const stopped = criterion(report, 'stopped-after-drained');
    expect(stopped?.evidence).toContain('stopped at 5.0 s while its target was still in service');
    expect(stopped?.fix).toContain('stop tasks only through the service');
  });
});

describe('watch criteria: a deployment', () => {
  const before = [{ id: 'a', revision: 'web:1' }];
  const rollout = [
    [1_000, { kind: 'deployment', state: 'IN_PROGRESS', revision: 'web:2' }],
    [3_000, { kind: 'target-healthy', backend: 'n', revision: 'web:2' }],
    [5_000, { kind: 'target-draining', backend: 'a' }],
    [6_000, { kind: 'target-drained', backend: 'a' }],
    [6_500, { kind: 'task-stopped', backend: 'a' }],
    [8_000, { kind: 'deployment', state: 'COMPLETED', revision: 'web:2' }],
  ] as const;

  it('Given a rolling deploy that drains the old task before it completes, then PASS, old revision gone, breaker not tripped', async () => {
    const report = await play({
      before,
      answer: (ms, n) => (ms < 3_000 ? { id: 'a' } : ms < 5_000 ? rotate('a', 'n')(n) : { id: 'n' }),
      events: [...rollout],
      finish: { atMs: 9_000, expected: [{ id: 'n' }] },
      untilMs: 120_000,
    });
    expect(ids(report)).toEqual([
      'no-failures:pass',
      'new-answer-soon:pass',
      'none-after-drained:pass',
      'stopped-after-drained:pass',
      'even-after:pass',
      'old-revision-gone:pass',
      'circuit-breaker:pass',
    ]);
    expect(criterion(report, 'old-revision-gone')?.title).toContain('(web:2)');
  });

  it('Given the old revision still answering after COMPLETED, then old-revision-gone FAILs naming it', async () => {
    const report = await play({
      before,
      answer: (ms, n) => (ms < 3_000 ? { id: 'a' } : ms < 10_000 ? rotate('a', 'n')(n) : { id: 'n' }),
      events: [
        [3_000, { kind: 'target-healthy', backend: 'n', revision: 'web:2' }],
        [8_000, { kind: 'deployment', state: 'COMPLETED', revision: 'web:2' }],
      ],
      untilMs: 12_000,
    });
    const gone = criterion(report, 'old-revision-gone');
    expect(gone?.pass).toBe(false);
    expect(gone?.evidence).toBe('completed at 8.0 s, yet backend a of web:1 answered until 9.9 s');
  });

  it('Given the circuit breaker rolled back, then circuit-breaker FAILs naming the rollback', async () => {
    const report = await play({
      before,
      answer: () => ({ id: 'a' }),
      events: [
        [1_000, { kind: 'deployment', state: 'IN_PROGRESS', revision: 'web:2' }],
        [6_000, { kind: 'circuit-breaker', state: 'ROLLED_BACK', detail: 'tasks failed ELB health checks' }],
        [9_000, { kind: 'deployment', state: 'COMPLETED', revision: 'web:1' }],
      ],
      untilMs: 10_000,
    });
    const breaker = criterion(report, 'circuit-breaker');
    expect(breaker?.pass).toBe(false);
    expect(breaker?.evidence).toBe(
      'the deployment circuit breaker tripped and rolled the service back at 6.0 s: tasks failed ELB health checks',
    );
    expect(criterion(report, 'old-revision-gone')?.pass).toBe(true);
  });

  it('Given a deployment still IN_PROGRESS when the watch ends, then circuit-breaker FAILs saying so', async () => {
    const report = await play({
      answer: () => ({ id: 'a' }),
      events: [[1_000, { kind: 'deployment', state: 'IN_PROGRESS', revision: 'web:2' }]],
      untilMs: 4_000,
    });
    expect(criterion(report, 'circuit-breaker')?.evidence).toContain('was IN_PROGRESS at 1.0 s and did not complete');
  });
});

describe('watch criteria: edge cases', () => {
  it('Given a change to zero tasks, then finish() ends at once and even-after is left out', async () => {
    const report = await play({
      before: [{ id: 'a' }],
      answer: () => ({ status: 503 }),
      finish: { atMs: 2_000, expected: [] },
      untilMs: 10_000,
    });
    expect(report.stoppedBecause).toBe('finished');
    expect(report.durationMs).toBe(2_000);
    expect(report.criteria.map((c) => c.id)).toEqual(['no-failures']);
  });

  it('Given events about more distinct backends than the cap, then lanes stay at the cap', async () => {
    const events = Array.from(
      { length: 1_100 },
      (_, i) =>
        [100, { kind: 'task-started', backend: `b${i}` }] as [number, { kind: 'task-started'; backend: string }],
    );
    const report = await play({ answer: () => ({ id: 'a' }), events, untilMs: 1_000 });
    expect(report.lanes).toHaveLength(1_000);
    expect(report.events).toHaveLength(1_100);
  });
});
