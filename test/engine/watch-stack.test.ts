import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { watchStack, type StartWatch } from '../../source/engine/watch-stack.js';
import type { Watch, WatchBackend, WatchEvent, WatchInput, WatchReport } from '../../verify/watch-types.js';
import { mocks } from '../steps/aws-mocks.js';
import { engineDeps } from './engine-deps.js';
import { finishedRecord, I_A, I_C, mockTwoTasks, targetOf } from './verifiable-stack.js';

/** A watch that only records what it is told, and answers with a report whose verdict the test picks. */
function fakeWatch(verdict: WatchReport['verdict'] = 'PASS') {
  const seen = {
    input: undefined as WatchInput | undefined,
    events: [] as WatchEvent[],
    finished: undefined as WatchBackend[] | undefined,
    stopped: false,
  };
  const report = { verdict, criteria: [], timeline: [] } as unknown as WatchReport;
  const start: StartWatch = (input) => {
    seen.input = input;
    const watch: Watch = {
      event: (e) => void seen.events.push(e),
      finish: (after) => {
        seen.finished = after.expected;
        return Promise.resolve(report);
      },
      stop: () => {
        seen.stopped = true;
        return Promise.resolve(report);
      },
    };
    return Promise.resolve(watch);
  };
  return { start, seen, report };
}

function setup() {
  const made = engineDeps();
  made.deps.store.set(finishedRecord());
  // Real (short) pauses, so the observer's loop yields to the change as it would on a clock.
  made.deps.sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));
  return made;
}

beforeEach(() => {
  mocks.reset();
  mockTwoTasks();
});

describe('watchStack', () => {
  it('Given two healthy tasks, When a change drains one target, Then the watch starts with both, hears draining then drained between change-started and change-ended, settles over the one left and the result is emitted', async () => {
    const { deps, events } = setup();
    mocks.elbv2
      .on(DescribeTargetHealthCommand)
      .resolves({ TargetHealthDescriptions: [targetOf(I_A, 32768, 'healthy'), targetOf(I_C, 32771, 'healthy')] });
    const fake = fakeWatch();

    const watched = await watchStack(deps, 'scale', { startWatch: fake.start, leadMs: 0 }, async ({ observer }) => {
      mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
        TargetHealthDescriptions: [
          targetOf(I_A, 32768, 'healthy'),
          { Target: { Id: I_C, Port: 32771 }, TargetHealth: { State: 'draining' } },
        ],
      });
      await observer.lookNow();
      mocks.elbv2
        .on(DescribeTargetHealthCommand)
        .resolves({ TargetHealthDescriptions: [targetOf(I_A, 32768, 'healthy')] });
      await observer.lookNow();
      return 'scaled';
    });

    expect(watched.outcome).toBe('scaled');
    expect(fake.seen.input?.expected?.map((b) => b.id)).toEqual(['3f2a9b1c0d4e', '77aa00bb11cc']);
    expect(fake.seen.input?.url).toBe('http://demo-alb-1.elb.amazonaws.com/hostname');
    const kinds = fake.seen.events.map((e) => `${e.kind}${e.backend ? ` ${e.backend}` : ''}`);
    expect(kinds).toEqual([
      'change-started',
      'target-draining 77aa00bb11cc',
      'target-drained 77aa00bb11cc',
      'change-ended',
    ]);
    expect(fake.seen.finished?.map((b) => b.id)).toEqual(['3f2a9b1c0d4e']);
    expect(fake.seen.stopped).toBe(false);
    expect(events.filter((e) => e.type === 'watch-result')).toEqual([
      { type: 'watch-result', change: 'scale', report: fake.report },
    ]);
  });

  it('Given a change that fails, When it throws, Then the watch is stopped (judging what it saw), never finished, and the error comes back with the report', async () => {
    const { deps } = setup();
    mocks.elbv2
      .on(DescribeTargetHealthCommand)
      .resolves({ TargetHealthDescriptions: [targetOf(I_A, 32768, 'healthy'), targetOf(I_C, 32771, 'healthy')] });
    const fake = fakeWatch('FAIL');

    const watched = await watchStack(deps, 'deploy', { startWatch: fake.start, leadMs: 0 }, () =>
      Promise.reject(new Error('update service demo-svc')),
    );

    expect((watched.error as Error).message).toBe('update service demo-svc');
    expect(watched.report.verdict).toBe('FAIL');
    expect(fake.seen.stopped).toBe(true);
    expect(fake.seen.finished).toBeUndefined();
    expect(fake.seen.events.map((e) => e.kind)).toEqual(['change-started']);
  });

  it('Given a look that never answers, When the observer looks, Then the look is abandoned within its bound and logged, and the watch goes on', async () => {
    const { deps } = setup();
    let calls = 0;
    mocks.elbv2.on(DescribeTargetHealthCommand).callsFake(() => {
      calls += 1;
      return calls === 1
        ? Promise.resolve({
            TargetHealthDescriptions: [targetOf(I_A, 32768, 'healthy'), targetOf(I_C, 32771, 'healthy')],
          })
        : new Promise(() => {});
    });
    const { startObserver } = await import('../../source/engine/watch-observer.js');
    const errors: Error[] = [];
    const observer = await startObserver({
      clients: deps.clients,
      query: { cluster: 'ecs-demo', service: 'demo-svc', targetGroupArn: 'arn:tg' },
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      lookTimeoutMs: 50,
      onEvents: () => undefined,
      onError: (e) => errors.push(e),
    });
    await observer.lookNow();
    await observer.stop();
    expect(errors[0]?.message).toBe('look at service demo-svc: no answer within 0.05 s');
    expect(observer.answering().map((b) => b.id)).toEqual(['3f2a9b1c0d4e', '77aa00bb11cc']);
  });
});
