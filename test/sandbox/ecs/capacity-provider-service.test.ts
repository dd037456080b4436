import type * as ecs from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { bootedInstance, groupArn } from './fake-auto-scaling.js';
import { Harness, get, hostPort, runtimeId } from './harness.js';

const cluster = 'demo-cluster';
let h: Harness | undefined;
afterEach(async () => {
  await h?.ecs.close();
  h = undefined;
});

/** The first-time cluster: provider `demo-cp` on `demo-asg`, attached as the cluster's default. */
async function world(defaultStrategy = true): Promise<Harness> {
  h = new Harness(undefined, 1000, undefined, []);
  await h.ecs.start();
  h.autoScaling.add('demo-asg');
  await h.call('CreateCapacityProvider', {
    name: 'demo-cp',
    autoScalingGroupProvider: {
      autoScalingGroupArn: groupArn('demo-asg'),
      managedScaling: { status: 'ENABLED' },
      managedTerminationProtection: 'ENABLED',
    },
  });
  await h.call('CreateCluster', { clusterName: cluster });
  await h.call('PutClusterCapacityProviders', {
    cluster,
    capacityProviders: ['demo-cp'],
    defaultCapacityProviderStrategy: defaultStrategy ? [{ capacityProvider: 'demo-cp', weight: 1 }] : [],
  });
  await h.registerWeb();
  return h;
}

const create = (harness: Harness, extra: Record<string, unknown> = {}) =>
  harness.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 2, ...extra });

async function running(harness: Harness, count: number): Promise<ecs.Task[]> {
  let tasks: ecs.Task[] = [];
  await harness.until(`${count} tasks run`, async () => {
    const list = await harness.call('ListTasks', { cluster, serviceName: 'web' });
    tasks = (await harness.describeTasksIn(cluster, list.taskArns ?? [])).filter((t) => t.lastStatus === 'RUNNING');
    return tasks.length === count;
  });
  return tasks;
}

describe('CreateService with a capacity provider strategy', () => {
  it('Given both a launch type and a strategy, then AWS refuses the mix', async () => {
    const harness = await world();
    const error = await harness.error('CreateService', {
      cluster,
      serviceName: 'web',
      taskDefinition: 'web',
      desiredCount: 1,
      launchType: 'EC2',
      capacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1 }],
    });
    expect(error).toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    });
  });

  it('Given a provider not attached to the cluster, then the strategy is refused', async () => {
    const harness = await world();
    harness.autoScaling.add('other-asg');
    await harness.call('CreateCapacityProvider', {
      name: 'other-cp',
      autoScalingGroupProvider: { autoScalingGroupArn: groupArn('other-asg') },
    });
    const error = await harness.error('CreateService', {
      cluster,
      serviceName: 'web',
      taskDefinition: 'web',
      desiredCount: 1,
      capacityProviderStrategy: [{ capacityProvider: 'other-cp', weight: 1 }],
    });
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toContain('not associated with the cluster');
  });

  it("Given neither, then the cluster's default strategy applies and its tasks run only on the provider's instances, and serve", async () => {
    const harness = await world();
    harness.ecs.agents.register(bootedInstance(1));
    harness.ecs.agents.register(bootedInstance(2));
    // Same cluster, not launched by the provider's group: a strategy service never uses it.
    harness.ecs.agents.register(bootedInstance(3, { autoScalingGroupName: 'hand-made' }));
    const out = await create(harness, { desiredCount: 3 });
    expect(out.service?.capacityProviderStrategy).toEqual([{ capacityProvider: 'demo-cp', weight: 1, base: 0 }]);
    expect(out.service?.launchType).toBeUndefined();

    const tasks = await running(harness, 3);
    const described = await harness.call('DescribeContainerInstances', {
      cluster,
      containerInstances: (await harness.call('ListContainerInstances', { cluster })).containerInstanceArns ?? [],
    });
    const byArn = new Map(described.containerInstances?.map((i) => [i.containerInstanceArn, i]));
    for (const task of tasks) {
      expect(task.capacityProviderName).toBe('demo-cp');
      expect(byArn.get(task.containerInstanceArn)?.capacityProviderName).toBe('demo-cp');
      expect(await get(hostPort(task))).toEqual({ status: 200, body: runtimeId(task).slice(0, 12) });
    }
    const handMade = described.containerInstances?.find((i) => i.ec2InstanceId === bootedInstance(3).id);
    expect(handMade?.capacityProviderName).toBeUndefined();
    expect(handMade?.runningTasksCount).toBe(0);
  });

  it('Given no default strategy and no launch type, then the service runs on launch type EC2 on any instance', async () => {
    const harness = await world(false);
    harness.ecs.agents.register(bootedInstance(3, { autoScalingGroupName: 'hand-made' }));
    const out = await create(harness, { desiredCount: 1 });
    expect(out.service?.launchType).toBe('EC2');
    expect(out.service?.capacityProviderStrategy).toBeUndefined();
    const [task] = await running(harness, 1);
    expect(task?.capacityProviderName).toBeUndefined();
  });

  it("Given only instances outside the provider's group, then the strategy service's tasks wait unplaced", async () => {
    const harness = await world();
    harness.ecs.agents.register(bootedInstance(3, { autoScalingGroupName: 'hand-made' }));
    await create(harness, { desiredCount: 1 });
    await harness.until('the placement failure is reported', async () => {
      const out = await harness.call('DescribeServices', { cluster, services: ['web'] });
      return (out.services?.[0]?.events ?? []).some((e) =>
        e.message?.includes('Reason: No Container Instances were found in your capacity provider.'),
      );
    });
    expect((await harness.call('ListTasks', { cluster })).taskArns).toEqual([]);
    // The provider's instance boots: the waiting task is placed there.
    harness.ecs.agents.register(bootedInstance(1));
    const [task] = await running(harness, 1);
    expect(task?.capacityProviderName).toBe('demo-cp');
  });
});

describe('UpdateService to a capacity provider strategy', () => {
  it('Given a launch type service, when switched to a strategy, then it needs a new deployment, whose tasks run on the provider', async () => {
    const harness = await world(false);
    harness.ecs.agents.register(bootedInstance(3, { autoScalingGroupName: 'hand-made' }));
    await create(harness, { desiredCount: 1 });
    const [before] = await running(harness, 1);
    expect(before?.capacityProviderName).toBeUndefined();
    harness.ecs.agents.register(bootedInstance(1));
    const strategy = [{ capacityProvider: 'demo-cp', weight: 1, base: 0 }];

    const refused = await harness.error('UpdateService', {
      cluster,
      service: 'web',
      capacityProviderStrategy: strategy,
    });
    expect(refused.name).toBe('InvalidParameterException');
    expect(refused.message).toContain('you must force a new deployment');

    const out = await harness.call('UpdateService', {
      cluster,
      service: 'web',
      capacityProviderStrategy: strategy,
      forceNewDeployment: true,
    });
    expect(out.service?.capacityProviderStrategy).toEqual(strategy);
    await harness.until('the new task replaced the old one', async () => {
      const list = await harness.call('ListTasks', { cluster, serviceName: 'web' });
      const tasks = await harness.describeTasksIn(cluster, list.taskArns ?? []);
      return tasks.length === 1 && tasks[0]?.capacityProviderName === 'demo-cp' && tasks[0]?.lastStatus === 'RUNNING';
    });
  });
});

describe('instances that registered before their provider existed', () => {
  it("Given a group's instance registered before its provider, when a strategy service starts, then the instance is not the provider's and the task waits unplaced until one registers after", async () => {
    h = new Harness(undefined, 1000, undefined, []);
    await h.ecs.start();
    h.autoScaling.add('demo-asg');
    await h.call('CreateCluster', { clusterName: cluster });
    h.ecs.agents.register(bootedInstance(1));
    await h.call('CreateCapacityProvider', {
      name: 'demo-cp',
      autoScalingGroupProvider: { autoScalingGroupArn: groupArn('demo-asg') },
    });
    await h.call('PutClusterCapacityProviders', {
      cluster,
      capacityProviders: ['demo-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1 }],
    });
    const providerOf = async () => {
      const list = await h!.call('ListContainerInstances', { cluster });
      const out = await h!.call('DescribeContainerInstances', {
        cluster,
        containerInstances: list.containerInstanceArns ?? [],
      });
      return new Map((out.containerInstances ?? []).map((i) => [i.ec2InstanceId, i.capacityProviderName]));
    };
    const before = await providerOf();
    expect(before.has(bootedInstance(1).id)).toBe(true);
    expect(before.get(bootedInstance(1).id)).toBeUndefined();
    await h.registerWeb();
    await create(h, { desiredCount: 1 });
    await h.until('the placement failure is reported', async () => {
      const out = await h!.call('DescribeServices', { cluster, services: ['web'] });
      return (out.services?.[0]?.events ?? []).some((e) =>
        e.message?.includes('Reason: No Container Instances were found in your capacity provider.'),
      );
    });
    expect((await h.call('ListTasks', { cluster })).taskArns).toEqual([]);
    // An instance of the group that registers once the provider exists is its: the task goes there.
    h.ecs.agents.register(bootedInstance(2));
    const [task] = await running(h, 1);
    expect(task?.capacityProviderName).toBe('demo-cp');
    expect(task?.containerInstanceArn).toBeDefined();
    expect((await providerOf()).get(bootedInstance(2).id)).toBe('demo-cp');
  });
});
