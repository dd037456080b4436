import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, seed } from './harness.js';

let h: Harness;
let taskDefinition: string;
let tg: string;
beforeEach(async () => {
  h = new Harness();
  taskDefinition = await h.registerWeb();
  tg = h.elb.addGroup('demo-tg');
});
afterEach(async () => {
  await h.ecs.close();
});

const lb = (overrides: Record<string, unknown> = {}) => [
  { targetGroupArn: tg, containerName: 'web', containerPort: 4567, ...overrides },
];
const create = (overrides: Record<string, unknown> = {}) => ({
  cluster: seed.clusterName,
  serviceName: 'demo',
  taskDefinition,
  desiredCount: 1,
  loadBalancers: lb(),
  ...overrides,
});

describe('CreateService validation', () => {
  it.each([
    ['an unknown cluster', { cluster: 'nope' }, 'ClusterNotFoundException', 'Cluster not found.'],
    [
      'an unknown task definition',
      { taskDefinition: 'nope:1' },
      'InvalidParameterException',
      'TaskDefinition not found.',
    ],
    [
      'a missing desired count',
      { desiredCount: undefined },
      'InvalidParameterException',
      'desiredCount can not be null.',
    ],
    [
      'a negative desired count',
      { desiredCount: -1 },
      'InvalidParameterException',
      'desiredCount can not be negative.',
    ],
    [
      'a container the task definition lacks',
      { loadBalancers: [{ targetGroupArn: 'x', containerName: 'api', containerPort: 4567 }] },
      'InvalidParameterException',
      undefined,
    ],
    [
      'a health check grace period without a load balancer',
      { loadBalancers: [], healthCheckGracePeriodSeconds: 30 },
      'InvalidParameterException',
      'Health check grace period is only valid for services configured to use load balancers',
    ],
  ])('rejects %s', async (_what, overrides, code, message) => {
    // Given a valid CreateService request, When one field is wrong
    const error = await h.error('CreateService', create(overrides));
    // Then ECS's error code (and message) come back
    expect(error.name).toBe(code);
    if (message) expect(error.message).toBe(message);
  });

  it('rejects a target group that no listener or rule forwards to', async () => {
    // Given a target group on no listener
    const lonely = h.elb.addGroup('lonely', { associated: false });
    // When a service names it, Then ECS's "no associated load balancer" error comes back
    const error = await h.error(
      'CreateService',
      create({ loadBalancers: [{ targetGroupArn: lonely, containerName: 'web', containerPort: 4567 }] }),
    );
    expect(error).toMatchObject({
      name: 'InvalidParameterException',
      message: `The target group with targetGroupArn ${lonely} does not have an associated load balancer.`,
    });
  });

  it('rejects a container name or port that does not match the task definition', async () => {
    expect((await h.error('CreateService', create({ loadBalancers: lb({ containerName: 'api' }) }))).message).toBe(
      'The container api does not exist in the task definition.',
    );
    expect((await h.error('CreateService', create({ loadBalancers: lb({ containerPort: 80 }) }))).message).toBe(
      'The container web did not have a container port 80 defined.',
    );
  });

  it('rejects an ip target group for a bridge-mode task and an unknown target group', async () => {
    const ip = h.elb.addGroup('ip-tg', { targetType: 'ip' });
    expect((await h.error('CreateService', create({ loadBalancers: lb({ targetGroupArn: ip }) }))).message).toContain(
      'has target type ip',
    );
    expect((await h.error('CreateService', create({ loadBalancers: lb({ targetGroupArn: `${tg}x` }) }))).name).toBe(
      'InvalidParameterException',
    );
  });

  it('rejects an inactive task definition', async () => {
    await h.call('DeregisterTaskDefinition', { taskDefinition });
    expect(await h.error('CreateService', create())).toMatchObject({
      name: 'InvalidParameterException',
      message: 'TaskDefinition is inactive',
    });
  });
});

describe('CreateService idempotency', () => {
  it('returns the same service for a repeated clientToken, and refuses the same name without it', async () => {
    // Given a service created with a client token
    const first = await h.call('CreateService', create({ clientToken: 'token-1', role: 'ecsServiceRole' }));
    expect(first.service?.roleArn).toBe(`arn:aws:iam::${seed.accountId}:role/ecsServiceRole`);

    // When the same request is retried with the same token, Then the same service comes back
    const again = await h.call('CreateService', create({ clientToken: 'token-1' }));
    expect(again.service?.serviceArn).toBe(first.service?.serviceArn);
    expect((await h.call('ListServices', { cluster: seed.clusterName })).serviceArns).toEqual([
      first.service?.serviceArn,
    ]);

    // When it is sent without the token (or with another), Then it is not idempotent
    for (const overrides of [{}, { clientToken: 'token-2' }]) {
      expect(await h.error('CreateService', create(overrides))).toMatchObject({
        name: 'InvalidParameterException',
        message: 'Creation of service was not idempotent.',
      });
    }
  });

  it('uses the service-linked role when no role is given and the service has a load balancer', async () => {
    const out = await h.call('CreateService', create());
    expect(out.service).toMatchObject({
      serviceArn: `arn:aws:ecs:${seed.region}:${seed.accountId}:service/ecs-demo/demo`,
      status: 'ACTIVE',
      launchType: 'EC2',
      schedulingStrategy: 'REPLICA',
      roleArn: `arn:aws:iam::${seed.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      loadBalancers: lb(),
    });
    expect(out.service?.deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', desiredCount: 1 }),
    ]);
    expect(out.service?.deployments?.[0]?.id).toMatch(/^ecs-svc\/\d{19}$/);
  });
});
