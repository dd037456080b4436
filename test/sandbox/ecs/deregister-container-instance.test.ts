import type * as ecs from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { bootedInstance } from './fake-auto-scaling.js';
import { Harness } from './harness.js';

const cluster = 'demo-cluster';
let h: Harness | undefined;
afterEach(async () => {
  await h?.ecs.close();
  h = undefined;
});

async function world(): Promise<Harness> {
  h = new Harness(undefined, 1000, undefined, []);
  await h.ecs.start();
  await h.call('CreateCluster', { clusterName: cluster });
  h.ecs.agents.register(bootedInstance(1));
  h.ecs.agents.register(bootedInstance(2));
  return h;
}

async function listed(harness: Harness, status?: string): Promise<string[]> {
  const out = await harness.call('ListContainerInstances', { cluster, ...(status ? { status } : {}) });
  return out.containerInstanceArns ?? [];
}

async function tasks(harness: Harness): Promise<ecs.Task[]> {
  const list = await harness.call('ListTasks', { cluster, serviceName: 'web' });
  return harness.describeTasksIn(cluster, list.taskArns ?? []);
}

async function instanceOf(harness: Harness, ec2InstanceId: string): Promise<string> {
  const out = await harness.call('DescribeContainerInstances', { cluster, containerInstances: await listed(harness) });
  return out.containerInstances?.find((i) => i.ec2InstanceId === ec2InstanceId)?.containerInstanceArn ?? '';
}

describe('DeregisterContainerInstance', () => {
  it('Given an idle instance, when it is deregistered, then it is INACTIVE, no longer listed, and the call is repeatable', async () => {
    const harness = await world();
    const arn = await instanceOf(harness, bootedInstance(1).id);
    const out = await harness.call('DeregisterContainerInstance', { cluster, containerInstance: arn });
    expect(out.containerInstance).toMatchObject({ status: 'INACTIVE', agentConnected: false });
    expect(await listed(harness)).toHaveLength(1);
    expect(await listed(harness, 'ACTIVE')).toHaveLength(1);
    const again = await harness.call('DeregisterContainerInstance', { cluster, containerInstance: arn });
    expect(again.containerInstance?.status).toBe('INACTIVE');
  });

  it('Given tasks on the instance, when deregistered without force, then it is refused; with force the tasks move', async () => {
    const harness = await world();
    await harness.registerWeb();
    await harness.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 2 });
    await harness.until(
      'both run',
      async () => (await tasks(harness)).filter((t) => t.lastStatus === 'RUNNING').length === 2,
    );
    const arn = await instanceOf(harness, bootedInstance(1).id);

    const refused = await harness.error('DeregisterContainerInstance', { cluster, containerInstance: arn });
    expect(refused.name).toBe('InvalidParameterException');
    expect(await listed(harness)).toHaveLength(2);

    await harness.call('DeregisterContainerInstance', { cluster, containerInstance: arn, force: true });
    await harness.until('two tasks run on the other instance', async () => {
      const live = (await tasks(harness)).filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
      return live.length === 2 && live.every((t) => t.containerInstanceArn !== arn);
    });
  });

  it('Given an unknown instance or status, then each is refused', async () => {
    const harness = await world();
    expect((await harness.error('DeregisterContainerInstance', { cluster, containerInstance: 'f00d' })).name).toBe(
      'InvalidParameterException',
    );
    expect((await harness.error('ListContainerInstances', { cluster, status: 'INACTIVE' })).name).toBe(
      'InvalidParameterException',
    );
    expect(await listed(harness, 'DRAINING')).toEqual([]);
  });
});
