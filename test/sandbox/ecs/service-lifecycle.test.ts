import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '@aws-sdk/client-ecs';
import { get, Harness, hostPort, messages, refused, runtimeId, seed, taskId } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

async function createDemo(desiredCount: number): Promise<string> {
  const taskDefinition = await h.registerWeb();
  const targetGroupArn = h.elb.addGroup('demo-tg');
  await h.call('CreateService', {
    cluster: seed.clusterName,
    serviceName: 'demo',
    taskDefinition,
    desiredCount,
    loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: 4567 }],
  });
  return targetGroupArn;
}

describe('a load-balanced service', () => {
  it('runs its tasks as local servers answering /hostname with the container id, registered as targets', async () => {
    // Given a bridge-mode service with one task behind a target group
    h = new Harness();
    const tg = await createDemo(1);

    // When it becomes stable
    const before = await h.service();
    expect(before.deployments).toHaveLength(1);
    expect(before.runningCount).toBe(0);
    await h.until('the service is stable', () => h.stable());

    // Then the task is RUNNING on a container instance, its dynamic host port serves its hostname
    const [task] = await h.runningTasks();
    if (!task) throw new Error('no task');
    expect(task.lastStatus).toBe('RUNNING');
    expect(task.group).toBe('service:demo');
    expect(task.containerInstanceArn).toMatch(
      /^arn:aws:ecs:ap-northeast-1:123456789012:container-instance\/ecs-demo\/[0-9a-f]{32}$/,
    );
    expect(runtimeId(task)).toMatch(/^[0-9a-f]{64}$/);
    expect(task.containers?.[0]?.networkBindings).toEqual([
      { bindIP: '0.0.0.0', containerPort: 4567, hostPort: hostPort(task), protocol: 'tcp' },
    ]);
    expect(await get(hostPort(task))).toEqual({ status: 200, body: runtimeId(task).slice(0, 12) });
    expect((await get(hostPort(task), '/health')).status).toBe(200);
    expect((await get(hostPort(task), '/nope')).status).toBe(404);

    // And it is a target: its instance id and host port
    const instances = await h.call('DescribeContainerInstances', {
      cluster: seed.clusterName,
      containerInstances: [task.containerInstanceArn],
    });
    expect(h.elb.list(tg)).toEqual([`${instances.containerInstances?.[0]?.ec2InstanceId}:${hostPort(task)}`]);

    // And the events read like ECS's, newest first
    const service = await h.service();
    expect(messages(service)[0]).toBe('(service demo) has reached a steady state.');
    expect(messages(service)).toContain(`(service demo) has started 1 tasks: (task ${taskId(task)}).`);
    expect(messages(service)).toContain(`(service demo) registered 1 targets in (target-group ${tg})`);
    expect(service.deployments?.[0]?.rolloutState).toBe('COMPLETED');
  });

  it('scales out spread over both instances, with distinct hostnames', async () => {
    // Given a stable service with one task
    h = new Harness();
    const tg = await createDemo(1);
    await h.until('stable at 1', () => h.stable());

    // When it is scaled to 3
    await h.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 3 });

    // Then it is not stable until 3 run, and then 3 distinct containers answer on their ports
    expect(await h.stable()).toBe(false);
    await h.until('stable at 3', () => h.stable());
    const tasks = await h.runningTasks();
    expect(tasks).toHaveLength(3);
    const hostnames = await Promise.all(tasks.map(async (t) => (await get(hostPort(t))).body));
    expect(new Set(hostnames).size).toBe(3);
    expect(hostnames.sort()).toEqual(tasks.map((t) => runtimeId(t).slice(0, 12)).sort());
    expect(new Set(tasks.map((t) => t.containerInstanceArn)).size).toBe(2);
    expect(h.elb.list(tg)).toHaveLength(3);
    const cluster = (await h.call('DescribeClusters', { clusters: [seed.clusterName] })).clusters?.[0];
    expect(cluster).toMatchObject({
      runningTasksCount: 3,
      pendingTasksCount: 0,
      activeServicesCount: 1,
      registeredContainerInstancesCount: 2,
    });
  });

  it('scales in by draining targets first: the task stays RUNNING until deregistered, then its server stops', async () => {
    // Given a stable service with 2 tasks
    h = new Harness();
    const tg = await createDemo(2);
    await h.until('stable at 2', () => h.stable());
    const release = h.elb.holdDraining();

    // When it is scaled to 1
    await h.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 1 });

    // Then one task drains: desiredStatus STOPPED, still RUNNING and still serving, not stable yet
    let draining: Task | undefined;
    await h.until('a task drains', async () => {
      const all = await h.call('ListTasks', {
        cluster: seed.clusterName,
        serviceName: 'demo',
        desiredStatus: 'STOPPED',
      });
      [draining] = await h.describeTasks(all.taskArns ?? []);
      return draining !== undefined;
    });
    if (!draining) throw new Error('no draining task');
    expect(draining.lastStatus).toBe('RUNNING');
    const port = hostPort(draining);
    expect((await get(port)).status).toBe(200);
    expect(h.elb.log.filter((l) => l.startsWith('deregister '))).toHaveLength(1);
    expect((await h.service()).runningCount).toBe(2);
    expect(await h.stable()).toBe(false);

    // When the deregistration delay ends
    release();

    // Then the server stops after deregistration, the task is STOPPED and the service stable at 1
    await h.until('stable at 1', () => h.stable());
    expect(await refused(port)).toBe(true);
    const [stopped] = await h.describeTasks([draining.taskArn ?? '']);
    expect(stopped).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'ServiceSchedulerInitiated',
    });
    expect(h.elb.list(tg)).toHaveLength(1);
    const events = messages(await h.service());
    expect(events).toContain('(service demo) has begun draining connections on 1 tasks.');
    expect(events).toContain(`(service demo) deregistered 1 targets in (target-group ${tg})`);
    expect(events).toContain(`(service demo) has stopped 1 running tasks: (task ${taskId(draining)}).`);
  });

  it('replaces a task stopped by the user', async () => {
    // Given a stable service with one task
    h = new Harness();
    await createDemo(1);
    await h.until('stable', () => h.stable());
    const [first] = await h.runningTasks();
    if (!first) throw new Error('no task');

    // When the user stops it
    const out = await h.call('StopTask', { cluster: seed.clusterName, task: first.taskArn, reason: 'testing' });
    expect(out.task).toMatchObject({ desiredStatus: 'STOPPED', stoppedReason: 'testing' });

    // Then a new task takes its place
    await h.until('a replacement runs', async () => {
      const tasks = await h.runningTasks();
      return tasks.length === 1 && tasks[0]?.taskArn !== first.taskArn && tasks[0]?.lastStatus === 'RUNNING';
    });
    await h.until('stable again', () => h.stable());
  });
});
