import { describe, expect, it } from 'vitest';
import { runSetup } from '../../source/engine/runner.js';
import { runTeardown, teardownOrder } from '../../source/engine/teardown.js';
import { steps } from '../../source/steps/index.js';
import type { StepId } from '../../source/model/steps.js';
import { engineDeps } from './engine-deps.js';
import { fakeSteps, type Journal } from './fake-steps.js';

const ids: StepId[] = ['security-groups', 'target-group', 'load-balancer', 'listener'];

/** Discovery that finds nothing beyond the record (these tests are about the record). */
const nothingElse = () => Promise.resolve({ found: [], leftAlone: [], notSearched: [] });

describe('runTeardown', () => {
  it('Given a finished setup, When teardown runs, Then it deletes in reverse order and forgets the stack; a second teardown is a no-op', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const fake = fakeSteps(ids, journal);
    const { deps } = engineDeps();
    await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps: fake }, deps);
    journal.calls.length = 0;

    const outcome = await runTeardown({ stack: 'demo', steps: fake, discover: nothingElse }, deps);
    expect(outcome).toMatchObject({ ok: true, nothingToDo: false });
    expect(journal.calls).toEqual([
      'delete res-listener',
      'delete res-load-balancer',
      'delete res-target-group',
      'delete res-security-groups',
    ]);
    expect(deps.store.get()).toBeUndefined();

    expect(await runTeardown({ stack: 'demo', steps: fake, discover: nothingElse }, deps)).toMatchObject({
      ok: true,
      nothingToDo: true,
    });
  });

  it('Given a deletion fails, Then teardown stops there, saves what is left, and a rerun continues from it', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const fake = fakeSteps(ids, journal);
    const { deps, events } = engineDeps();
    await runSetup({ stack: 'demo', answers: { scheme: 'internal' }, steps: fake }, deps);
    const step = fake[1]!;
    const original = step.teardown!.bind(step);
    let fail = true;
    fake[1]!.teardown = (resource, d) => {
      if (fail) {
        fail = false;
        return Promise.reject(
          Object.assign(new Error('Target group is currently in use by a listener or a rule'), {
            name: 'ResourceInUseException',
          }),
        );
      }
      return original(resource, d);
    };
    const first = await runTeardown({ stack: 'demo', steps: fake, discover: nothingElse }, deps);
    expect(first).toMatchObject({
      ok: false,
      resource: { id: 'res-target-group' },
      error: { code: 'ResourceInUseException' },
    });
    expect(deps.store.get()!.resources.map((r) => r.id)).toEqual(['res-security-groups', 'res-target-group']);
    expect(events.some((e) => e.type === 'teardown-failed')).toBe(true);

    const second = await runTeardown({ stack: 'demo', steps: fake, discover: nothingElse }, deps);
    expect(second.ok).toBe(true);
    expect(deps.store.get()).toBeUndefined();
  });

  it('Given the real steps, Then teardown order is DESIGN §7: service, task definition, role (kept), rule, listener, ALB, target group, ingress rule, ALB group', () => {
    const made = (step: StepId, kind: string, id: string) => ({ step, kind, id, label: id, createdAt: '' }) as const;
    const record = {
      version: 1,
      stack: 'demo',
      region: 'r',
      createdAt: '',
      updatedAt: '',
      answers: {},
      steps: {},
      results: {},
      resources: [
        made('security-groups', 'security-group', 'sg'),
        made('security-groups', 'ingress-rule', 'rule'),
        made('target-group', 'target-group', 'tg'),
        made('load-balancer', 'load-balancer', 'alb'),
        made('listener', 'listener', 'listener'),
        made('listener', 'listener-rule', 'lrule'),
        made('service-role', 'service-linked-role', 'slr'),
        made('task-definition', 'task-definition', 'td'),
        made('service', 'service', 'svc'),
      ],
    };
    expect(teardownOrder(record as never, steps).map((r) => r.id)).toEqual([
      'svc',
      'td',
      'slr',
      'lrule',
      'listener',
      'alb',
      'tg',
      'rule',
      'sg',
    ]);
  });
});
