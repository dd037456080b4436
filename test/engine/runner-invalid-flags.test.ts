import { describe, expect, it } from 'vitest';
import { runSetup } from '../../source/engine/runner.js';
import type { InvalidAnswers } from '../../source/model/answers.js';
import type { StepId } from '../../source/model/steps.js';
import { securityGroupsStep } from '../../source/steps/security-groups.js';
import type { Question } from '../../source/steps/types.js';
import { engineDeps } from './engine-deps.js';
import { fakeSteps, type Journal } from './fake-steps.js';

const ids: StepId[] = ['security-groups', 'target-group', 'load-balancer', 'listener'];

/** Fake steps whose security-groups step asks and validates as the real one does. */
function steps(journal: Journal) {
  const all = fakeSteps(ids, journal);
  const sg = all[0]!;
  sg.keys = securityGroupsStep.keys;
  sg.questions = (known, ctx) => securityGroupsStep.questions(known, ctx);
  sg.validate = (answers, ctx) => securityGroupsStep.validate(answers, ctx);
  return all;
}

const badPort = (): InvalidAnswers => ({
  listenerPort: { value: '99999', problem: '--listener-port must be a port 1-65535, got 99999' },
});

describe('runSetup with answer flags that failed their check (the wizard)', () => {
  it('Given --listener-port 99999, When its step runs, Then its question comes with the problem and the value, and the typed value is used', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps, events } = engineDeps();
    const asked: Question[] = [];
    deps.ask = (_step, questions) => {
      asked.push(...questions);
      return Promise.resolve({ listenerPort: '8080' });
    };
    const invalid = badPort();
    // Given the other flags are fine and still count
    const answers = { allowCidr: '10.0.0.0/8', hostPortRange: '40000-50000', scheme: 'internal' };
    const outcome = await runSetup({ stack: 'demo', answers, invalid, steps: steps(journal) }, deps);
    expect(outcome.ok).toBe(true);
    // Then only the listener port was asked, with the problem shown and the bad value to correct
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      key: 'listenerPort',
      flag: '--listener-port',
      kind: 'text',
      error: '--listener-port must be a port 1-65535, got 99999',
      given: '99999',
      default: '80',
    });
    expect(deps.store.get()!.answers).toMatchObject({
      listenerPort: '8080',
      allowCidr: '10.0.0.0/8',
      hostPortRange: '40000-50000',
    });
    // And the bad value was never shown as answered by its flag
    const start = events.find((e) => e.type === 'step-start' && e.step === 'security-groups');
    expect(start?.type === 'step-start' ? start.answered?.map((a) => a.flag) : undefined).toEqual([
      '--allow-cidr',
      '--host-port-range',
    ]);
    // And, answered, it is not asked again by a later run
    expect(invalid).toEqual({});
  });

  it('Given a saved answer from an unfinished run, Then the bad flag still opens its question', async () => {
    const journal: Journal = { calls: [], failOnce: new Set(['security-groups']) };
    const all = steps(journal);
    const { deps, stateDir } = engineDeps();
    expect((await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps: all }, deps)).ok).toBe(false);
    expect(deps.store.get()!.answers.listenerPort).toBe('80');
    const again = engineDeps('demo', stateDir);
    const asked: Question[] = [];
    again.deps.ask = (_step, questions) => {
      asked.push(...questions);
      return Promise.resolve({ listenerPort: '8081' });
    };
    expect(
      (await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, invalid: badPort(), steps: all }, again.deps))
        .ok,
    ).toBe(true);
    expect(asked.map((q) => [q.key, q.error])).toEqual([
      ['listenerPort', '--listener-port must be a port 1-65535, got 99999'],
    ]);
    expect(again.deps.store.get()!.answers.listenerPort).toBe('8081');
  });

  it('Given the step that owns the bad flag finished earlier, Then nothing is asked and the saved answer stands', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const all = steps(journal);
    const { deps, stateDir } = engineDeps();
    expect((await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps: all }, deps)).ok).toBe(true);
    const again = engineDeps('demo', stateDir);
    again.deps.ask = () => Promise.reject(new Error('nothing should be asked'));
    expect((await runSetup({ stack: 'demo', answers: {}, invalid: badPort(), steps: all }, again.deps)).ok).toBe(true);
    expect(again.deps.store.get()!.answers.listenerPort).toBe('80');
  });

  it('Given the bad value among the answers instead (headless), Then setup throws the usage error naming the flag and creates nothing', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { deps } = engineDeps();
    await expect(
      runSetup({ stack: 'demo', answers: { listenerPort: '99999' }, steps: steps(journal) }, deps),
    ).rejects.toThrow('--listener-port must be a port 1-65535, got 99999');
    expect(journal.calls).toEqual([]);
    expect(deps.store.get()).toBeUndefined();
  });
});
