import { afterEach, describe, expect, it } from 'vitest';
import { get, Harness, hostPort, messages, runtimeId, seed, taskId } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

const cluster = seed.clusterName;

describe('task data plane', () => {
  it('a failing task answers 500 on every path until it recovers; the inventory lists live resources', async () => {
    // Given a stable service with one task
    h = new Harness();
    await h.registerWeb();
    await h.call('CreateService', { cluster, serviceName: 'demo', taskDefinition: 'web', desiredCount: 1 });
    await h.until('stable', () => h.stable());
    const [task] = await h.runningTasks();
    if (!task) throw new Error('no task');
    const port = hostPort(task);
    const containerId = runtimeId(task).slice(0, 12);

    // When it is made to fail by its container id
    expect(h.ecs.control.setTaskFailing(containerId, true)).toBe(true);

    // Then every path answers 500
    expect((await get(port)).status).toBe(500);
    expect((await get(port, '/health')).status).toBe(500);

    // When it recovers (by task id), Then it answers its hostname again
    expect(h.ecs.control.setTaskFailing(taskId(task), false)).toBe(true);
    expect(await get(port)).toEqual({ status: 200, body: containerId });
    expect(h.ecs.control.setTaskFailing('no-such-task', true)).toBe(false);

    // And the inventory shows the cluster, instances, task definition, service and task with its port
    const inventory = h.ecs.control.inventory();
    expect(inventory.clusters).toHaveLength(1);
    expect(inventory.containerInstances).toHaveLength(2);
    expect(inventory.taskDefinitions).toHaveLength(1);
    expect(inventory.services).toEqual([expect.objectContaining({ name: 'demo', status: 'ACTIVE', desiredCount: 1 })]);
    expect(inventory.tasks).toEqual([
      expect.objectContaining({ arn: task.taskArn, lastStatus: 'RUNNING', hostPort: port, containerId }),
    ]);
  });

  it('places tasks only where their memory fits, and says why the rest wait', async () => {
    // Given a task reserving 2000 MiB (each instance has 3904)
    h = new Harness();
    await h.registerWeb({
      containerDefinitions: [
        { name: 'web', image: 'img', memoryReservation: 2000, portMappings: [{ containerPort: 4567 }] },
      ],
    });

    // When a service wants 3 of them
    await h.call('CreateService', { cluster, serviceName: 'big', taskDefinition: 'web', desiredCount: 3 });

    // Then 2 run (one per instance) and the third is not placed, with ECS's event
    await h.until('two run', async () => (await h.service('big')).runningCount === 2);
    const service = await h.service('big');
    expect(service.pendingCount).toBe(0);
    const unplaced = messages(service).find((m) => m.includes('was unable to place a task'));
    expect(unplaced).toMatch(
      /^\(service big\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f]{32}\) has insufficient memory available\. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide\.$/,
    );
    const { containerInstances = [] } = await h.call('DescribeContainerInstances', {
      cluster,
      containerInstances: (await h.call('ListContainerInstances', { cluster })).containerInstanceArns,
    });
    for (const instance of containerInstances) {
      expect(instance.remainingResources?.find((r) => r.name === 'MEMORY')?.integerValue).toBe(1904);
      expect(instance.runningTasksCount).toBe(1);
    }

    // When it is scaled down to 2, Then it becomes stable
    await h.call('UpdateService', { cluster, serviceName: 'big', service: 'big', desiredCount: 2 });
    await h.until('stable', () => h.stable('big'));
  });

  it('rolls a new task definition out: new tasks first, then the old stop, ending with one deployment', async () => {
    // Given a stable service on revision 1
    h = new Harness();
    await h.registerWeb();
    await h.call('CreateService', { cluster, serviceName: 'demo', taskDefinition: 'web:1', desiredCount: 2 });
    await h.until('stable', () => h.stable());
    const oldTasks = (await h.runningTasks()).map((t) => t.taskArn);

    // When it is updated to revision 2
    await h.registerWeb();
    const out = await h.call('UpdateService', { cluster, service: 'demo', taskDefinition: 'web:2' });

    // Then two deployments exist until the new one runs, and it is not stable meanwhile
    expect(out.service?.deployments?.map((d) => d.status)).toEqual(['PRIMARY', 'ACTIVE']);
    expect(await h.stable()).toBe(false);
    await h.until('stable on revision 2', () => h.stable());
    const service = await h.service();
    expect(service.deployments).toHaveLength(1);
    expect(service.taskDefinition).toMatch(/web:2$/);
    const tasks = await h.runningTasks();
    expect(tasks).toHaveLength(2);
    for (const task of tasks) {
      expect(oldTasks).not.toContain(task.taskArn);
      expect(task.taskDefinitionArn).toMatch(/web:2$/);
    }
    expect(messages(service)).toContain(
      `(service demo) (deployment ${service.deployments?.[0]?.id}) deployment completed.`,
    );
  });

  it('pages ListTasks and ListServices, and filters tasks by desired status and instance', async () => {
    h = new Harness();
    await h.registerWeb();
    for (const name of ['a', 'b', 'c'])
      await h.call('CreateService', { cluster, serviceName: name, taskDefinition: 'web', desiredCount: 2 });
    await h.until('all stable', async () =>
      (await Promise.all(['a', 'b', 'c'].map((n) => h.stable(n)))).every(Boolean),
    );

    const first = await h.call('ListServices', { cluster, maxResults: 2 });
    const rest = await h.call('ListServices', { cluster, maxResults: 2, nextToken: first.nextToken });
    expect([...(first.serviceArns ?? []), ...(rest.serviceArns ?? [])].map((a) => a.split('/').at(-1))).toEqual([
      'a',
      'b',
      'c',
    ]);

    const page = await h.call('ListTasks', { cluster, maxResults: 4 });
    expect(page.taskArns).toHaveLength(4);
    const tail = await h.call('ListTasks', { cluster, maxResults: 4, nextToken: page.nextToken });
    expect(tail.taskArns).toHaveLength(2);
    expect(tail.nextToken).toBeUndefined();
    expect((await h.call('ListTasks', { cluster, desiredStatus: 'STOPPED' })).taskArns).toEqual([]);

    const [instanceArn] = (await h.call('ListContainerInstances', { cluster })).containerInstanceArns ?? [];
    const onInstance = await h.call('ListTasks', { cluster, containerInstance: instanceArn });
    expect(onInstance.taskArns).toHaveLength(3);
    const described = await h.call('DescribeTasks', {
      cluster,
      tasks: [...(onInstance.taskArns ?? []), 'ffffffffffffffffffffffffffffffff'],
    });
    expect(described.tasks?.every((t) => t.containerInstanceArn === instanceArn)).toBe(true);
    expect(described.failures).toHaveLength(1);
    expect(described.failures?.[0]?.reason).toBe('MISSING');
    expect(described.failures?.[0]?.arn).toMatch(/task\/ecs-demo\/f{32}$/);
  });
});
