import { describe, expect, it } from 'vitest';
import { runSetup } from '../../source/engine/runner.js';
import { UsageError } from '../../source/engine/usage-error.js';
import type { StepId } from '../../source/model/steps.js';
import { engineDeps } from './engine-deps.js';
import { fakeSteps, type Journal } from './fake-steps.js';

const ids: StepId[] = ['security-groups', 'target-group', 'load-balancer', 'listener'];

describe('runSetup', () => {
  it('Given a fresh stack, When setup runs, Then every step runs in order and progress is saved as done', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps, events } = engineDeps();
    const outcome = await runSetup(
      { stack: 'demo', answers: { scheme: 'internal' }, steps: fakeSteps(ids, journal) },
      deps,
    );
    expect(outcome.ok).toBe(true);
    expect(journal.calls).toEqual(ids.map((id) => `create ${id}`));
    const saved = deps.store.get()!;
    expect(Object.values(saved.steps).map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(saved.resources.map((r) => r.id)).toEqual(ids.map((id) => `res-${id}`));
    expect(saved.answers.scheme).toBe('internal');
    expect(
      events.filter((e) => e.type === 'step-done').map((e) => (e.type === 'step-done' ? e.cli : [])),
    ).toContainEqual(['aws fake listener']);
  });

  it('Given a step failed after its resource was recorded, When setup runs again, Then it resumes at that step and creates nothing twice', async () => {
    const journal: Journal = { calls: [], failOnce: new Set(['load-balancer']) };
    const steps = fakeSteps(ids, journal);
    const { deps, events, stateDir } = engineDeps();

    const first = await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps }, deps);
    expect(first).toMatchObject({
      ok: false,
      step: 'load-balancer',
      error: { message: /Rate exceeded/, code: 'ThrottlingException', progressSaved: true },
    });
    expect(deps.store.get()!.steps['load-balancer']).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/throttling/) as unknown,
    });
    expect(deps.store.get()!.resources.map((r) => r.id)).toContain('res-load-balancer');

    // When: a new process (new deps on the same state dir) runs setup again
    const again = engineDeps('demo', stateDir);
    const second = await runSetup({ stack: 'demo', answers: {}, steps }, again.deps);
    expect(second.ok).toBe(true);
    expect(journal.calls).toEqual([
      'create security-groups',
      'create target-group',
      'create load-balancer',
      'create listener',
    ]);
    expect(again.events.filter((e) => e.type === 'step-skip').map((e) => e.step)).toEqual([
      'security-groups',
      'target-group',
    ]);
    expect(again.deps.store.get()!.resources).toHaveLength(4);
    expect(events.some((e) => e.type === 'step-failed')).toBe(true);
  });

  it('Given the user interrupts a step mid-call, Then the step is saved as interrupted, with what it recorded, and resumes later', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const steps = fakeSteps(ids, journal);
    const controller = new AbortController();
    const { deps, stateDir } = engineDeps();
    deps.signal = controller.signal;
    // Given the load balancer step, its resource just recorded, is cut short by Ctrl+C
    const lb = steps[2]!;
    const execute = lb.execute.bind(lb);
    lb.execute = async (answers, stepDeps, record) => {
      await execute(answers, stepDeps, record);
      controller.abort(new DOMException('Interrupted by the user', 'AbortError'));
      throw controller.signal.reason;
    };
    const first = await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps }, deps);
    expect(first).toMatchObject({
      ok: false,
      step: 'load-balancer',
      error: { message: 'interrupted', progressSaved: true },
    });
    expect(deps.store.get()!.steps['load-balancer']).toMatchObject({ status: 'failed', error: 'interrupted' });
    expect(deps.store.get()!.resources.map((r) => r.id)).toContain('res-load-balancer');
    // When the next run resumes, the load balancer is found, not made again
    lb.execute = execute;
    expect((await runSetup({ stack: 'demo', answers: {}, steps }, engineDeps('demo', stateDir).deps)).ok).toBe(true);
    expect(journal.calls.filter((c) => c === 'create load-balancer')).toHaveLength(1);
  });

  it('Given the saved answer for a finished step, When setup reruns with a different flag, Then the saved answer stands and is reported as saved', async () => {
    const journal: Journal = { calls: [], failOnce: new Set(['listener']) };
    const steps = fakeSteps(ids, journal);
    const { deps, stateDir } = engineDeps();
    await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps }, deps);
    const again = engineDeps('demo', stateDir);
    await runSetup({ stack: 'demo', answers: { scheme: 'internet-facing' }, steps }, again.deps);
    expect(again.deps.store.get()!.answers.scheme).toBe('internal');
  });

  it('Given a question without a default and no prompt, Then setup fails with a usage error naming the flag before that step runs', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps } = engineDeps();
    const run = runSetup({ stack: 'demo', answers: {}, steps: fakeSteps(ids, journal) }, deps);
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(runSetup({ stack: 'demo', answers: {}, steps: fakeSteps(ids, journal) }, deps)).rejects.toThrow(
      /--scheme is required without a prompt/,
    );
  });

  it('Given a malformed flag, Then setup throws a usage error and creates nothing', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps } = engineDeps();
    await expect(
      runSetup({ stack: 'demo', answers: { listenerPort: 'eighty' }, steps: fakeSteps(ids, journal) }, deps),
    ).rejects.toThrow(/--listener-port must be a port/);
    expect(journal.calls).toEqual([]);
    expect(deps.store.get()).toBeUndefined();
  });

  it('Given a prompt (the wizard), When a step has questions, Then ask receives only those and the answers are used', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps } = engineDeps();
    const asked: string[] = [];
    deps.ask = (_step, questions) => {
      asked.push(...questions.map((q) => q.flag));
      return Promise.resolve({ scheme: 'internal' });
    };
    expect((await runSetup({ stack: 'demo', answers: {}, steps: fakeSteps(ids, journal) }, deps)).ok).toBe(true);
    expect(asked).toEqual(['--scheme']);
  });

  it('Given until, Then setup stops after that step', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps } = engineDeps();
    await runSetup(
      { stack: 'demo', answers: { scheme: 'internal' }, until: 'target-group', steps: fakeSteps(ids, journal) },
      deps,
    );
    expect(journal.calls).toEqual(['create security-groups', 'create target-group']);
  });

  it('Given a crash hook, Then it fires right after each new resource is saved (so a kill loses nothing)', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps } = engineDeps();
    const seen: string[] = [];
    deps.crashHook = (point, resource) => {
      if (point === 'after-record')
        seen.push(`${resource.id}:${deps.store.get()!.resources.some((r) => r.id === resource.id)}`);
    };
    await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps: fakeSteps(ids, journal) }, deps);
    expect(seen).toEqual(ids.map((id) => `res-${id}:true`));
  });
});

describe('runSetup and the stack record', () => {
  it('Given a stack with resources in another region, Then setup refuses naming the region; without resources it starts over', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps, stateDir } = engineDeps();
    await runSetup(
      { stack: 'demo', answers: { scheme: 'internal' }, until: 'security-groups', steps: fakeSteps(ids, journal) },
      deps,
    );
    const elsewhere = engineDeps('demo', stateDir);
    elsewhere.deps.clients = { ...elsewhere.deps.clients, region: 'eu-west-1' };
    await expect(
      runSetup({ stack: 'demo', answers: {}, steps: fakeSteps(ids, journal) }, elsewhere.deps),
    ).rejects.toThrow(
      "stack 'demo' was set up in region ap-northeast-1; pass --region ap-northeast-1 or pick another --stack",
    );

    const empty = engineDeps('fresh');
    empty.deps.store.set({
      version: 1,
      stack: 'fresh',
      region: 'us-east-1',
      createdAt: '',
      updatedAt: '',
      answers: {},
      steps: { account: { status: 'failed', updatedAt: '' } },
      results: {},
      resources: [],
    });
    expect(
      (await runSetup({ stack: 'fresh', answers: { scheme: 'internal' }, steps: fakeSteps(ids, journal) }, empty.deps))
        .ok,
    ).toBe(true);
    expect(empty.deps.store.get()!.region).toBe('ap-northeast-1');
  });
});
