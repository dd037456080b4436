import type * as ecs from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { bootedInstance } from './fake-auto-scaling.js';
import { Harness, get, hostPort, runtimeId } from './harness.js';

const cluster = 'demo-cluster';
let h: Harness | undefined;
afterEach(async () => {
  await h?.ecs.close();
  h = undefined;
});

/** An `empty`-seed ECS (no cluster, no instances) with the first-time cluster created. */
async function emptyWorld(restored?: unknown): Promise<Harness> {
  h = new Harness(restored, 1000, undefined, []);
  await h.ecs.start();
  if (restored === undefined) await h.call('CreateCluster', { clusterName: cluster });
  return h;
}

async function instances(harness: Harness, status?: string): Promise<ecs.ContainerInstance[]> {
  const list = await harness.call('ListContainerInstances', { cluster, ...(status ? { status } : {}) });
  const arns = list.containerInstanceArns ?? [];
  if (arns.length === 0) return [];
  const out = await harness.call('DescribeContainerInstances', { cluster, containerInstances: arns });
  return out.containerInstances ?? [];
}

async function tasksOf(harness: Harness, serviceName = 'web'): Promise<ecs.Task[]> {
  const list = await harness.call('ListTasks', { cluster, serviceName });
  if (!list.taskArns?.length) return [];
  return (await harness.call('DescribeTasks', { cluster, tasks: list.taskArns })).tasks ?? [];
}

const resource = (instance: ecs.ContainerInstance, name: string, which: 'registered' | 'remaining' = 'registered') =>
  (which === 'registered' ? instance.registeredResources : instance.remainingResources)?.find((r) => r.name === name)
    ?.integerValue;
const attribute = (instance: ecs.ContainerInstance, name: string) =>
  instance.attributes?.find((a) => a.name === name)?.value;

async function webService(harness: Harness, desiredCount = 2): Promise<void> {
  await harness.registerWeb();
  await harness.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount });
}

async function running(harness: Harness, count: number): Promise<ecs.Task[]> {
  let tasks: ecs.Task[] = [];
  await harness.until(`${count} tasks run`, async () => {
    tasks = (await tasksOf(harness)).filter((t) => t.lastStatus === 'RUNNING');
    return tasks.length === count;
  });
  return tasks;
}

describe('ECS agents of booted instances', () => {
  it('Given the empty seed, then there is no cluster and no container instance until setup creates them', async () => {
    h = new Harness(undefined, 1000, undefined, []);
    const clusters = await h.call('ListClusters');
    expect(clusters.clusterArns).toEqual([]);
    expect(h.ecs.control.inventory().containerInstances).toEqual([]);
  });

  it('Given a created cluster, when an instance boots, then its agent registers it with its type, CPU and memory', async () => {
    const harness = await emptyWorld();
    expect(harness.ecs.agents.register(bootedInstance(1))).toBe(true);
    expect(
      harness.ecs.agents.register(
        bootedInstance(2, { instanceType: 't4g.small', architecture: 'arm64', cpu: 2048, memoryMiB: 1800 }),
      ),
    ).toBe(true);

    const [x86, arm] = (await instances(harness)).sort((a, b) =>
      (a.ec2InstanceId ?? '').localeCompare(b.ec2InstanceId ?? ''),
    );
    expect(x86?.status).toBe('ACTIVE');
    expect(x86?.agentConnected).toBe(true);
    expect(x86?.ec2InstanceId).toBe(bootedInstance(1).id);
    expect(resource(x86 ?? {}, 'CPU')).toBe(2048);
    expect(resource(x86 ?? {}, 'MEMORY')).toBe(1939);
    expect(attribute(x86 ?? {}, 'ecs.instance-type')).toBe('t3.small');
    expect(attribute(x86 ?? {}, 'ecs.availability-zone')).toBe(bootedInstance(1).az);
    expect(attribute(x86 ?? {}, 'ecs.os-type')).toBe('linux');
    expect(attribute(arm ?? {}, 'ecs.cpu-architecture')).toBe('arm64');
    expect(resource(arm ?? {}, 'MEMORY')).toBe(1800);
    const described = await harness.call('DescribeClusters', { clusters: [cluster] });
    expect(described.clusters?.[0]?.registeredContainerInstancesCount).toBe(2);
  });

  it('Given a registered instance, when its agent registers again, then it stays one container instance', async () => {
    const harness = await emptyWorld();
    harness.ecs.agents.register(bootedInstance(1));
    expect(harness.ecs.agents.register(bootedInstance(1))).toBe(true);
    expect(await instances(harness)).toHaveLength(1);
  });

  it('Given user data naming a cluster that does not exist, when the agent starts, then nothing registers', async () => {
    const harness = await emptyWorld();
    expect(harness.ecs.agents.register(bootedInstance(1, { cluster: 'demo-clustr' }))).toBe(false);
    expect(harness.ecs.control.inventory().containerInstances).toEqual([]);
  });

  it('Given booted instances, when a service starts, then its tasks run there within their memory and serve', async () => {
    const harness = await emptyWorld();
    harness.ecs.agents.register(bootedInstance(1, { hostPortRange: { from: 40_000, to: 40_999 } }));
    harness.ecs.agents.register(bootedInstance(2, { hostPortRange: { from: 41_000, to: 41_999 } }));
    await webService(harness);
    const tasks = await running(harness, 2);
    const all = await instances(harness);
    for (const task of tasks) {
      const instance = all.find((i) => i.containerInstanceArn === task.containerInstanceArn);
      const range = instance?.ec2InstanceId === bootedInstance(1).id ? [40_000, 40_999] : [41_000, 41_999];
      expect(hostPort(task)).toBeGreaterThanOrEqual(range[0] ?? 0);
      expect(hostPort(task)).toBeLessThanOrEqual(range[1] ?? 0);
      expect(await get(hostPort(task))).toEqual({ status: 200, body: runtimeId(task).slice(0, 12) });
      expect(resource(instance ?? {}, 'MEMORY', 'remaining')).toBe(1939 - 64);
    }
    expect(new Set(tasks.map((t) => t.containerInstanceArn)).size).toBe(2);
  });

  it('Given a Graviton instance, when a task runs there, then the task shows the arm64 architecture', async () => {
    const harness = await emptyWorld();
    harness.ecs.agents.register(bootedInstance(1, { instanceType: 't4g.small', architecture: 'arm64' }));
    await webService(harness, 1);
    const [task] = await running(harness, 1);
    expect(task?.attributes).toContainEqual({ name: 'ecs.cpu-architecture', value: 'arm64' });
  });

  it('Given an instance too small for the task, then the service says which instance lacks memory', async () => {
    const harness = await emptyWorld();
    harness.ecs.agents.register(bootedInstance(1, { memoryMiB: 32 }));
    await webService(harness, 1);
    await harness.until('the placement failure is reported', async () => {
      const out = await harness.call('DescribeServices', { cluster, services: ['web'] });
      return (out.services?.[0]?.events ?? []).some((e) => e.message?.includes('has insufficient memory available'));
    });
  });

  it('Given tasks on an instance, when the instance terminates, then they stop with the host reason, it turns INACTIVE and the tasks move', async () => {
    const harness = await emptyWorld();
    harness.ecs.agents.register(bootedInstance(1));
    harness.ecs.agents.register(bootedInstance(2));
    await webService(harness);
    const before = await running(harness, 2);
    const gone = (await instances(harness)).find((i) => i.ec2InstanceId === bootedInstance(1).id);
    const victim = before.find((t) => t.containerInstanceArn === gone?.containerInstanceArn);

    harness.ecs.agents.instanceTerminated(bootedInstance(1).id);

    await harness.until('the victim stops', async () => {
      const [task] = await harness.describeTasksIn(cluster, [victim?.taskArn ?? '']);
      return task?.lastStatus === 'STOPPED';
    });
    const [stopped] = await harness.describeTasksIn(cluster, [victim?.taskArn ?? '']);
    expect(stopped?.stoppedReason).toBe(`Host EC2 (instance ${bootedInstance(1).id}) stopped/terminated.`);
    const after = await running(harness, 2);
    const survivor = (await instances(harness)).map((i) => i.containerInstanceArn);
    expect(survivor).toHaveLength(1);
    expect(after.every((t) => t.containerInstanceArn === survivor[0])).toBe(true);
    const described = await harness.call('DescribeContainerInstances', {
      cluster,
      containerInstances: [gone?.containerInstanceArn ?? ''],
    });
    expect(described.containerInstances?.[0]?.status).toBe('INACTIVE');
    expect(described.containerInstances?.[0]?.agentConnected).toBe(false);
    // Its agent is gone for good: the same EC2 instance does not come back.
    expect(harness.ecs.agents.register(bootedInstance(1))).toBe(false);
  });

  it('Given a registered booted instance, when the sandbox restarts, then it is still registered with its resources', async () => {
    const first = await emptyWorld();
    first.ecs.agents.register(bootedInstance(1, { memoryMiB: 1800, hostPortRange: { from: 42_000, to: 42_099 } }));
    const saved = first.ecs.snapshot();
    await first.ecs.close();

    const second = await emptyWorld(saved);
    const [instance] = await instances(second);
    expect(resource(instance ?? {}, 'MEMORY')).toBe(1800);
    await webService(second, 1);
    const [task] = await running(second, 1);
    expect(hostPort(task ?? {})).toBeGreaterThanOrEqual(42_000);
    expect(hostPort(task ?? {})).toBeLessThanOrEqual(42_099);
  });
});
