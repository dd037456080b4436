import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Discovery } from '../../source/engine/discover-owned.js';
import { runSetup } from '../../source/engine/runner.js';
import { planTeardown, runTeardown, teardownOrder, type Discover } from '../../source/engine/teardown.js';
import type { RecordedResource } from '../../source/model/resources.js';
import type { StepId } from '../../source/model/steps.js';
import type { Step } from '../../source/steps/types.js';
import { engineDeps } from './engine-deps.js';
import { fakeSteps, type Journal } from './fake-steps.js';

const ids: StepId[] = ['security-groups', 'target-group', 'load-balancer', 'listener'];

/** A fake account: what exists, by id, with the stack its tag names. */
type Account = Map<string, { step: StepId; taggedFor: string | undefined }>;

/** Discovery over the fake account: what is tagged for the stack and not recorded is found. */
function discoverIn(account: Account): Discover {
  return (stack, record) => {
    const result: Discovery = { found: [], leftAlone: [], notSearched: [] };
    for (const [id, { step, taggedFor }] of account) {
      if (record?.resources.some((r) => r.id === id)) continue;
      if (taggedFor === stack)
        result.found.push({ kind: 'target-group', id, label: id, step, createdAt: '', foundBy: 'tag' });
      else result.leftAlone.push({ kind: 'target-group', id, label: id, step, reason: `tagged for '${taggedFor}'` });
    }
    return Promise.resolve(result);
  };
}

/** Steps whose teardown also removes the resource from the fake account. */
function stepsOn(account: Account, journal: Journal): Step<{ id: string }>[] {
  return fakeSteps(ids, journal).map((step) => ({
    ...step,
    teardown(resource) {
      journal.calls.push(`delete ${resource.id}`);
      account.delete(resource.id);
      return Promise.resolve('deleted' as const);
    },
  }));
}

async function setUp(account: Account, journal: Journal, stack = 'demo') {
  const steps = stepsOn(account, journal);
  const { deps, events } = engineDeps(stack);
  await runSetup({ stack, answers: { scheme: 'internal' }, steps }, deps);
  for (const id of ids) account.set(`res-${id}`, { step: id, taggedFor: stack });
  journal.calls.length = 0;
  return { steps, deps, events };
}

describe('runTeardown with discovery', () => {
  it('Given a resource that exists with the stack tag but is not recorded, When teardown runs, Then it deletes it in its step’s place and removes the state only when nothing is left', async () => {
    const account: Account = new Map();
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { steps, deps } = await setUp(account, journal);
    account.set('hidden-lb', { step: 'load-balancer', taggedFor: 'demo' });

    const outcome = await runTeardown({ stack: 'demo', steps, discover: discoverIn(account) }, deps);

    expect(outcome).toMatchObject({ ok: true, found: [{ id: 'hidden-lb', foundBy: 'tag' }] });
    expect(journal.calls).toEqual([
      'delete res-listener',
      'delete hidden-lb',
      'delete res-load-balancer',
      'delete res-target-group',
      'delete res-security-groups',
    ]);
    expect(account.size).toBe(0);
    expect(existsSync(deps.store.path)).toBe(false);
  });

  it('Given a found resource and a deletion that fails before it, Then the saved record keeps the found one, marked found, and the next teardown deletes it', async () => {
    const account: Account = new Map();
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { steps, deps } = await setUp(account, journal);
    account.set('hidden-tg', { step: 'target-group', taggedFor: 'demo' });
    const listener = steps.find((s) => s.id === 'listener')!;
    listener.teardown = () => Promise.reject(new Error('listener is busy'));

    const first = await runTeardown({ stack: 'demo', steps, discover: discoverIn(account) }, deps);

    expect(first.ok).toBe(false);
    expect(deps.store.get()?.resources.find((r) => r.id === 'hidden-tg')).toMatchObject({ foundBy: 'tag' });

    // The next run needs no discovery to know it: the record holds it.
    delete listener.teardown;
    const nothingMore: Discover = () => Promise.resolve({ found: [], leftAlone: [], notSearched: [] });
    const second = await runTeardown({ stack: 'demo', steps: stepsOn(account, journal), discover: nothingMore }, deps);
    expect(second.ok).toBe(true);
    expect(account.has('hidden-tg')).toBe(false);
    expect(deps.store.get()).toBeUndefined();
  });

  it('Given the look after the deletions finds more of the stack, Then teardown deletes that too before it removes the state, and gives up (state kept) when it keeps coming back', async () => {
    const account: Account = new Map();
    const journal: Journal = { calls: [], failOnce: new Set() };
    const { steps, deps, events } = await setUp(account, journal);
    let looks = 0;
    const discover = discoverIn(account);
    // Appears between the first look (the plan) and the second (after the deletions).
    const reappearing: Discover = (stack, record, d) => {
      if (++looks === 2) account.set('late-0', { step: 'listener', taggedFor: 'demo' });
      return discover(stack, record, d);
    };
    const once = await runTeardown({ stack: 'demo', steps, discover: reappearing }, deps);
    expect(once.ok).toBe(true);
    expect(journal.calls).toContain('delete late-0');
    expect(events.some((e) => e.type === 'log' && /found target-group late-0 by its tag/.test(e.message))).toBe(true);
    expect(deps.store.get()).toBeUndefined();

    const again = await setUp(account, journal);
    let n = 0;
    const forever: Discover = (stack, record, d) => {
      account.set(`again-${n++}`, { step: 'listener', taggedFor: 'demo' });
      return discover(stack, record, d);
    };
    const outcome = await runTeardown({ stack: 'demo', steps: again.steps, discover: forever }, again.deps);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.error.message).toMatch(/still exist after 3 passes/);
    expect(again.deps.store.get()?.resources.length).toBeGreaterThan(0);
  });

  it('Given resources with the stack’s names but another stack’s tag or none, Then teardown never deletes them and reports them', async () => {
    const account: Account = new Map([
      ['other-tg', { step: 'target-group', taggedFor: 'other' }],
      ['untagged-lb', { step: 'load-balancer', taggedFor: undefined }],
    ]);
    const journal: Journal = { calls: [], failOnce: new Set() };
    const steps = stepsOn(account, journal);
    const { deps } = engineDeps();

    const plan = await planTeardown({ stack: 'demo', steps, discover: discoverIn(account) }, deps);
    expect(plan.order).toEqual([]);
    expect(plan.leftAlone.map((l) => l.id)).toEqual(['other-tg', 'untagged-lb']);
    const outcome = await runTeardown({ stack: 'demo', steps, plan }, deps);

    expect(outcome).toMatchObject({ ok: true, nothingToDo: true });
    expect(journal.calls).toEqual([]);
    expect([...account.keys()]).toEqual(['other-tg', 'untagged-lb']);
    expect(existsSync(deps.store.path)).toBe(false);
  });

  it('Given no saved record but resources tagged for the stack, Then teardown saves what it found, deletes it, and removes the state at the end', async () => {
    const account: Account = new Map([['lost-sg', { step: 'security-groups', taggedFor: 'demo' }]]);
    const journal: Journal = { calls: [], failOnce: new Set() };
    const steps = stepsOn(account, journal);
    const { deps } = engineDeps();
    const watched = steps.find((s) => s.id === 'security-groups')!;
    const original = watched.teardown!.bind(watched);
    let savedWhileDeleting: RecordedResource[] | undefined;
    watched.teardown = (resource, d) => {
      savedWhileDeleting = deps.store.get()?.resources;
      return original(resource, d);
    };

    const outcome = await runTeardown({ stack: 'demo', steps, discover: discoverIn(account) }, deps);

    expect(outcome).toMatchObject({ ok: true, removed: [{ id: 'lost-sg' }] });
    expect(savedWhileDeleting).toMatchObject([{ id: 'lost-sg', foundBy: 'tag' }]);
    expect(deps.store.get()).toBeUndefined();
  });

  it('Given a group or listener found after its rule was recorded, Then the rule still goes first', () => {
    const made = (step: StepId, kind: RecordedResource['kind'], id: string): RecordedResource => ({
      step,
      kind,
      id,
      label: id,
      createdAt: '',
    });
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
        made('security-groups', 'ingress-rule', 'rule'),
        made('listener', 'listener-rule', 'lrule'),
        { ...made('security-groups', 'security-group', 'sg'), foundBy: 'tag' as const },
        { ...made('listener', 'listener', 'listener'), foundBy: 'tag' as const },
      ],
    };
    expect(teardownOrder(record, stepsOn(new Map(), { calls: [], failOnce: new Set() })).map((r) => r.id)).toEqual([
      'lrule',
      'listener',
      'rule',
      'sg',
    ]);
  });
});
