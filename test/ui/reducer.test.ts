import { describe, expect, it } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import type { RunnerEvent } from '../../source/model/events.js';
import { initialState, wizardReducer, type WizardAction } from '../../source/ui/state/reducer.js';
import type { WizardState } from '../../source/ui/state/types.js';
import type { WatchReport, WatchSnapshot } from '../../verify/watch-types.js';

const run = (actions: WizardAction[], state: WizardState = initialState) => actions.reduce(wizardReducer, state);
const event = (e: RunnerEvent): WizardAction => ({ type: 'event', event: e });
const loaded: WizardAction = {
  type: 'loaded',
  progress: {
    stack: 'demo',
    where: 'ap-northeast-1 (sandbox)',
    sandbox: true,
    steps: [
      { id: 'account', title: 'Check the account', status: 'done' },
      { id: 'load-balancer', title: 'Create the load balancer', status: 'running' },
    ],
    resources: [],
  },
};
const alb: RecordedResource = {
  kind: 'load-balancer',
  id: 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/demo-alb/50dc6c495c0c9188',
  label: 'demo-alb',
  step: 'load-balancer',
  createdAt: '2026-01-01T00:00:00Z',
};

describe('the wizard reducer', () => {
  it('shows a step cut short by a crash as pending, not running', () => {
    // Given saved progress where a step was running when the process died
    const state = run([loaded]);
    // Then the step list shows it as still to do
    expect(state.steps.map((s) => s.status)).toEqual(['done', 'pending']);
  });

  it('keeps a step done earlier as done when the runner skips it, without logging it again', () => {
    const state = run([
      loaded,
      event({ type: 'step-skip', step: 'account', title: 'Check the account', reason: 'done earlier' }),
    ]);
    expect(state.steps[0]?.status).toBe('done');
    expect(state.log).toEqual([]);
  });

  it('replaces a wait by its id and drops it when it ends, keeping the line in the step', () => {
    // Given a step that waits, with two updates of the same wait
    const wait = {
      type: 'wait',
      step: 'load-balancer',
      id: 'lb',
      what: 'load balancer to become active',
      startedAt: 0,
    } as const;
    const state = run([
      loaded,
      event({ type: 'step-start', step: 'load-balancer', title: 'Create the load balancer', why: 'why' }),
      event({ ...wait, progress: 'provisioning' }),
      event({ ...wait, progress: 'active' }),
    ]);
    // Then one wait shows, with the latest progress
    expect(state.waits).toHaveLength(1);
    expect(state.waits[0]?.progress).toBe('active');
    // When it ends, the wait is gone and the step remembers how long it took
    const ended = wizardReducer(
      state,
      event({ type: 'wait-end', step: 'load-balancer', id: 'lb', ok: true, elapsedMs: 3200 }),
    );
    expect(ended.waits).toEqual([]);
    expect(ended.current?.logs).toEqual(['waited: load balancer to become active (3s)']);
  });

  it('logs a finished step once, with its resource shortened and its aws commands when shown', () => {
    const state = run([
      loaded,
      { type: 'toggle-cli' },
      event({ type: 'step-start', step: 'load-balancer', title: 'Create the load balancer', why: 'why' }),
      event({ type: 'resource', step: 'load-balancer', resource: alb, reused: false }),
      event({
        type: 'step-done',
        step: 'load-balancer',
        title: 'Create the load balancer',
        summary: ['active'],
        cli: ['aws elbv2 create-load-balancer --name demo-alb'],
      }),
    ]);
    expect(state.log).toEqual([
      {
        kind: 'step',
        key: 'log-0',
        id: 'load-balancer',
        title: 'Create the load balancer',
        status: 'done',
        lines: ['created load balancer demo-alb  loadbalancer/app/demo-alb/50dc6c49…', 'active'],
        cli: ['aws elbv2 create-load-balancer --name demo-alb'],
      },
    ]);
    expect(state.current).toBeUndefined();
    expect(state.steps[1]?.status).toBe('done');
  });

  it('logs a resource whose id is not an ARN by its label alone: a security group is not named twice', () => {
    const sg: RecordedResource = {
      kind: 'security-group',
      id: 'sg-0b389163357ff7390',
      label: 'sg-0b389163357ff7390 (demo-alb-sg)',
      step: 'security-groups',
      createdAt: '2026-01-01T00:00:00Z',
    };
    const state = run([
      loaded,
      event({ type: 'step-start', step: 'security-groups', title: 'Create the security groups', why: 'why' }),
      event({ type: 'resource', step: 'security-groups', resource: sg, reused: true }),
      event({ type: 'step-done', step: 'security-groups', title: 'Create the security groups', summary: [], cli: [] }),
    ]);
    expect(state.log[0]).toMatchObject({ lines: ['reused  security group sg-0b389163357ff7390 (demo-alb-sg)'] });
  });

  it('shows a flag value as answered, and a value just given at the prompt only once', () => {
    // Given the runner asked for the health check path, then starts the step with what it knows
    const state = run([
      loaded,
      { type: 'ask', step: 'target-group', questions: [], about: { title: 'Create the target group', why: 'why' } },
      { type: 'answered', given: [{ label: 'Health check path', flag: '--health-check-path', value: '/hostname' }] },
      event({
        type: 'step-start',
        step: 'target-group',
        title: 'Create the target group',
        why: 'why',
        answered: [
          { key: 'healthCheckPath', flag: '--health-check-path', value: '/hostname', source: 'saved' },
          { key: 'deregistrationDelay', flag: '--deregistration-delay', value: '10', source: 'flag' },
        ],
      }),
    ]);
    // Then the flag shows as answered and the prompt's answer is not repeated as saved
    expect(state.current?.answered.map((a) => a.flag)).toEqual(['--deregistration-delay']);
    expect(state.current?.given).toEqual([
      { label: 'Health check path', flag: '--health-check-path', value: '/hostname' },
    ]);
  });

  it('records each teardown outcome and the error of one that failed', () => {
    const state = run([
      event({ type: 'teardown-start', resource: alb }),
      event({
        type: 'teardown-failed',
        resource: alb,
        error: { message: 'ResourceInUse: still used by a listener', progressSaved: true },
      }),
    ]);
    expect(state.deleting).toBeUndefined();
    expect(state.log[0]).toMatchObject({
      kind: 'teardown',
      label: 'load balancer demo-alb',
      outcome: 'failed',
      detail: 'ResourceInUse: still used by a listener',
    });
  });
});

describe('the wizard reducer during a watched change', () => {
  const snapshot = (elapsedMs: number, backends: string[]): WatchSnapshot => ({
    elapsedMs,
    rate: { target: 20, achieved: 19.8 },
    sent: Math.round(elapsedMs / 50),
    failed: 0,
    lanes: backends.map((backend) => ({ backend, state: 'healthy', before: false, answers: 10 })),
  });

  it('Given ticks, when a newer one arrives, then only the latest live picture is kept', () => {
    const state = run([
      event({ type: 'watch-tick', change: 'scale', snapshot: snapshot(1000, ['a1b2c3d4e5f6']) }),
      event({ type: 'watch-tick', change: 'scale', snapshot: snapshot(2000, ['a1b2c3d4e5f6', '0f1e2d3c4b5a']) }),
    ]);
    expect(state.watch?.change).toBe('scale');
    expect(state.watch?.snapshot.elapsedMs).toBe(2000);
    expect(state.watch?.snapshot.lanes.map((l) => l.backend)).toEqual(['a1b2c3d4e5f6', '0f1e2d3c4b5a']);
    expect(state.log).toEqual([]);
  });

  it('Given a long watch, when ticks keep coming, then only the last 30 s of buckets are kept, one per second', () => {
    const tick = (second: number, requests: number): WizardAction =>
      event({
        type: 'watch-tick',
        change: 'scale',
        snapshot: {
          ...snapshot(second * 1000, []),
          last: { second, requests, failures: 0, failuresBy: {}, backends: {} },
        },
      });
    const state = run([...Array.from({ length: 40 }, (_, s) => tick(s, 20)), tick(39, 21)]);
    expect(state.watch?.recent.map((b) => b.second)).toEqual(Array.from({ length: 30 }, (_, i) => i + 10));
    expect(state.watch?.recent.at(-1)?.requests).toBe(21);
  });

  it('Given a live watch, when its result arrives, then the lanes go and the verdict is logged once', () => {
    const report = { verdict: 'PASS', criteria: [] } as unknown as WatchReport;
    const state = run([
      event({ type: 'watch-tick', change: 'deploy', snapshot: snapshot(1000, ['a1b2c3d4e5f6']) }),
      event({ type: 'watch-result', change: 'deploy', report }),
    ]);
    expect(state.watch).toBeUndefined();
    expect(state.log).toEqual([{ kind: 'watch', key: 'log-0', change: 'deploy', report }]);
  });
});
