import { describe, expect, it } from 'vitest';
import { runSetup } from '../../source/engine/runner.js';
import { teardownOrder } from '../../source/engine/teardown.js';
import type { RecordedResource } from '../../source/model/resources.js';
import type { StepId } from '../../source/model/steps.js';
import type { StackRecord } from '../../source/state/schema.js';
import type { Step } from '../../source/steps/types.js';
import { engineDeps } from './engine-deps.js';
import { fakeSteps, type Journal } from './fake-steps.js';

const at = '2026-12-01T00:00:00.000Z';
const r = (kind: RecordedResource['kind'], id: string, step: StepId): RecordedResource => ({
  kind,
  id,
  label: id,
  step,
  createdAt: at,
});

function recordOf(resources: RecordedResource[]): StackRecord {
  return {
    version: 1,
    stack: 'demo',
    region: 'r',
    createdAt: at,
    updatedAt: at,
    answers: {},
    steps: {},
    results: {},
    resources,
  };
}

describe('teardown order for a cluster the stack created', () => {
  it('Given the capacity recorded in creation order, Then the reverse walk is the order AWS lets it go, after the ingress rule and the ALB group', () => {
    const order = teardownOrder(
      recordOf([
        r('security-group', 'sg-inst', 'capacity'),
        r('iam-role', 'role', 'capacity'),
        r('instance-profile', 'profile', 'capacity'),
        r('launch-template', 'lt', 'capacity'),
        r('ecs-cluster', 'cluster', 'capacity'),
        r('auto-scaling-group', 'asg', 'capacity'),
        r('capacity-provider', 'cp', 'capacity'),
        r('security-group', 'sg-alb', 'security-groups'),
        r('ingress-rule', 'rule', 'security-groups'),
        r('service', 'svc', 'service'),
      ]),
    );
    expect(order.map((x) => x.id)).toEqual([
      'svc',
      'rule',
      'sg-alb',
      'cp',
      'asg',
      'cluster',
      'lt',
      'profile',
      'role',
      'sg-inst',
    ]);
  });

  it('Given discovery appended parts found by tag in any order, Then the order is still the same', () => {
    const order = teardownOrder(
      recordOf([
        r('ecs-cluster', 'cluster', 'capacity'),
        r('iam-role', 'role', 'capacity'),
        r('security-group', 'sg-inst', 'capacity'),
        r('capacity-provider', 'cp', 'capacity'),
        r('launch-template', 'lt', 'capacity'),
        r('auto-scaling-group', 'asg', 'capacity'),
        r('instance-profile', 'profile', 'capacity'),
      ]),
    );
    expect(order.map((x) => x.id)).toEqual(['cp', 'asg', 'cluster', 'lt', 'profile', 'role', 'sg-inst']);
  });
});

describe('runner: a step that does not apply', () => {
  it('Given a step whose skip says why, Then it is skipped with that reason, never executed, and later steps run', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const [a, capacity, c] = fakeSteps(['account', 'capacity', 'service'], journal) as Step<unknown>[];
    const steps = [a!, { ...capacity!, skip: () => 'not for an existing cluster' }, c!];
    const { deps, events } = engineDeps();
    const outcome = await runSetup({ stack: 'demo', answers: {}, steps }, deps);
    expect(outcome.ok).toBe(true);
    expect(journal.calls).toEqual(['create account', 'create service']);
    expect(events).toContainEqual({
      type: 'step-skip',
      step: 'capacity',
      title: 'Step capacity',
      reason: 'not for an existing cluster',
    });
  });

  it('Given a step that settles answers, Then they are saved with the step, for a resume to keep', async () => {
    const journal: Journal = { calls: [], failOnce: new Set() };
    const [cluster] = fakeSteps(['cluster'], journal) as Step<unknown>[];
    const steps = [
      {
        ...cluster!,
        keys: ['createCluster', 'cluster'] as const,
        settle: () => ({ createCluster: 'true', cluster: 'demo-cluster' }),
      },
    ];
    const { deps } = engineDeps();
    const outcome = await runSetup({ stack: 'demo', answers: { cluster: '--create-cluster' }, steps }, deps);
    expect(outcome.record.answers).toMatchObject({ createCluster: 'true', cluster: 'demo-cluster' });
  });
});
