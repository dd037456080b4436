import { describe, expect, it } from 'vitest';
import { steps } from '../../source/steps/index.js';
import { clusterStep } from '../../source/steps/cluster.js';
import { networkStep } from '../../source/steps/network.js';
import type { StepContext } from '../../source/steps/types.js';
import { baseResults } from './aws-mocks.js';

const ctx: StepContext = { stack: 'demo', region: 'ap-northeast-1', results: baseResults };

const allFlags = {
  cluster: 'ecs-demo',
  subnets: 'subnet-0abc00000000000a1,subnet-0abc00000000000c1',
  listenerPort: '80',
  allowCidr: '0.0.0.0/0',
  hostPortRange: '32768-65535',
  healthCheckPath: '/hostname',
  deregistrationDelay: '30',
  scheme: 'internet-facing',
  pathPattern: '/*',
  containerPort: '4567',
  image: 'public.ecr.aws/docker/library/busybox:stable',
  memory: '128',
  desiredCount: '1',
  scaleTo: '3',
  instanceType: 't3.small',
  instances: '2',
};

describe('questions', () => {
  it('Given every flag, When each step asks, Then no step has a question', () => {
    for (const step of steps) expect(step.questions(allFlags, ctx), step.id).toEqual([]);
  });

  it('Given no flags, Then every step asks exactly for the answers it owns, each naming its flag', () => {
    for (const step of steps) {
      const questions = step.questions({}, ctx);
      // --create-cluster is a switch: the cluster question's "create a new cluster" choice sets it
      const asked = step.keys.filter((key) => key !== 'createCluster');
      expect(questions.map((q) => q.key).sort(), step.id).toEqual([...asked].sort());
      for (const q of questions) expect(q.flag).toMatch(/^--[a-z-]+$/);
    }
  });

  it('Given some flags, Then only the unanswered questions remain', () => {
    const step = steps.find((s) => s.id === 'security-groups')!;
    expect(step.questions({ listenerPort: '8080' }, ctx).map((q) => q.key)).toEqual(['allowCidr', 'hostPortRange']);
  });

  it('Given text questions, Then their defaults are the documented ones and pass their own validation', () => {
    const defaults = Object.fromEntries(
      steps
        .flatMap((s) => s.questions({}, ctx))
        .flatMap((q) => (q.kind === 'text' ? [[q.key, q.default] as const] : [])),
    );
    expect(defaults).toMatchObject({
      listenerPort: '80',
      allowCidr: '0.0.0.0/0',
      hostPortRange: '32768-65535',
      healthCheckPath: '/hostname',
      deregistrationDelay: '20',
      pathPattern: '/*',
      containerPort: '4567',
      memory: '128',
      desiredCount: '1',
      scaleTo: '3',
    });
    for (const q of steps.flatMap((s) => s.questions({}, ctx)))
      if (q.kind === 'text') expect(q.validate(q.default ?? '')).toBeUndefined();
  });
});

describe('cluster question and validation', () => {
  it('Given exactly one cluster, Then it is the default choice, with its instance count', () => {
    const [q] = clusterStep.questions({}, ctx);
    expect(q).toMatchObject({
      kind: 'select',
      default: 'ecs-demo',
      choices: [
        { value: 'ecs-demo', hint: '2 container instances' },
        { value: '--create-cluster', label: 'Create a new cluster demo-cluster' },
      ],
    });
  });

  it('Given two clusters, Then there is no default', () => {
    const two = {
      ...ctx,
      results: {
        account: {
          ...baseResults.account!,
          clusters: [
            ...baseResults.account!.clusters,
            { name: 'other', arn: 'arn:other', instances: 1, status: 'ACTIVE' },
          ],
        },
      },
    };
    const [q] = clusterStep.questions({}, two);
    expect(q && 'default' in q ? q.default : undefined).toBeUndefined();
  });

  it.each([
    ['ecs-demo', 2, undefined],
    ['missing', 2, /--cluster: no cluster named 'missing'.*clusters: ecs-demo/],
    [
      'ecs-demo',
      0,
      /has no container instances; pass --create-cluster to create a cluster .*or launch EC2 instances .*ECS_CLUSTER=ecs-demo/,
    ],
  ])('Given --cluster %s with %i instances, Then validate says %s', (name, instances, expected) => {
    const c = {
      ...ctx,
      results: {
        account: { ...baseResults.account!, clusters: [{ name: 'ecs-demo', arn: 'arn', instances, status: 'ACTIVE' }] },
      },
    };
    const problem = clusterStep.validate({ cluster: name }, c);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});

describe('network question and validation', () => {
  it('Given subnets in two AZs, Then the default picks one public subnet per AZ', () => {
    const [q] = networkStep.questions({}, ctx);
    expect(q).toMatchObject({ kind: 'multiselect', default: ['subnet-0abc00000000000a1', 'subnet-0abc00000000000c1'] });
  });

  it.each([
    ['subnet-0abc00000000000a1,subnet-0abc00000000000c1', undefined],
    ['subnet-0abc00000000000a1,subnet-0abc00000000000a2', /--subnets must span at least two Availability Zones/],
    [
      'subnet-0abc00000000000a1,subnet-0ffffffffffffffff',
      /--subnets: subnet-0ffffffffffffffff is not a subnet of vpc-0abc0000000000001/,
    ],
  ])('Given --subnets %s, Then validate says %s', (subnets, expected) => {
    const problem = networkStep.validate({ subnets }, ctx);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});
