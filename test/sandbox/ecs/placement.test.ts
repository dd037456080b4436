import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { get, Harness, hostPort, messages, seed } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

const cluster = seed.clusterName;

/** A port the OS just handed out and took back: free at this moment. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('placement', () => {
  it('says so when the cluster has no container instances', async () => {
    // Given an empty cluster
    h = new Harness();
    await h.call('CreateCluster', { clusterName: 'empty' });
    await h.registerWeb();

    // When a service wants a task there
    await h.call('CreateService', { cluster: 'empty', serviceName: 'lonely', taskDefinition: 'web', desiredCount: 1 });

    // Then nothing runs and the service event says why
    const out = await h.call('DescribeServices', { cluster: 'empty', services: ['lonely'] });
    const service = out.services?.[0];
    expect(service).toMatchObject({ runningCount: 0, pendingCount: 0, desiredCount: 1 });
    expect(service && messages(service)[0]).toBe(
      '(service lonely) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
    );
  });

  it('runs a static host port once, since every sandbox instance shares this machine', async () => {
    // Given a task definition publishing container port 4567 on a fixed host port that is free now
    h = new Harness();
    const port = await freePort();
    await h.registerWeb({
      containerDefinitions: [
        { name: 'web', image: 'img', memory: 64, portMappings: [{ containerPort: 4567, hostPort: port }] },
      ],
    });

    // When a service wants 2 such tasks
    await h.call('CreateService', { cluster, serviceName: 'static', taskDefinition: 'web', desiredCount: 2 });

    // Then one runs on that port and the other waits with ECS's port event
    await h.until('one runs', async () => (await h.service('static')).runningCount === 1);
    const [task] = await h.runningTasks('static');
    expect(task && hostPort(task)).toBe(port);
    expect((await get(port)).status).toBe(200);
    expect(
      messages(await h.service('static')).some((m) => m.includes('is already using a port required by your task')),
    ).toBe(true);
  });

  it('stops a task whose static host port is taken by another program, as Docker fails to bind', async () => {
    // Given another program listening on the task's fixed host port
    h = new Harness();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = squatter.address() as AddressInfo;
      await h.registerWeb({
        containerDefinitions: [
          { name: 'web', image: 'img', memory: 64, portMappings: [{ containerPort: 4567, hostPort: port }] },
        ],
      });

      // When a service starts the task
      await h.call('CreateService', { cluster, serviceName: 'static', taskDefinition: 'web', desiredCount: 1 });

      // Then it stops with TaskFailedToStart and the bind error, and the service keeps trying
      await h.until('a task failed to start', async () => {
        const stopped = await h.call('ListTasks', { cluster, serviceName: 'static', desiredStatus: 'STOPPED' });
        return (stopped.taskArns?.length ?? 0) > 0;
      });
      const stopped = await h.call('ListTasks', { cluster, serviceName: 'static', desiredStatus: 'STOPPED' });
      const [task] = await h.describeTasks(stopped.taskArns ?? []);
      expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
      expect(task?.stoppedReason).toMatch(/^CannotStartContainerError: .*EADDRINUSE/);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
  });

  it('writes the memory event once per shortfall, and again after a steady state resolved it', async () => {
    // Given tasks of 1024 MiB: three fit on each of the two instances (3904 MiB)
    h = new Harness();
    await h.registerWeb({
      containerDefinitions: [{ name: 'web', image: 'img', memory: 1024, portMappings: [{ containerPort: 4567 }] }],
    });
    const unable = (m: string) => m.includes('was unable to place a task');
    const insufficient =
      /^\(service big\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f-]+\) has insufficient memory available\. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide\.$/;

    // When the service asks for 8, Then 6 run and ECS says, in its words, what was short
    await h.call('CreateService', { cluster, serviceName: 'big', taskDefinition: 'web', desiredCount: 8 });
    await h.until('six run', async () => (await h.service('big')).runningCount === 6);
    const first = messages(await h.service('big')).filter(unable);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(insufficient);

    // When it scales to what fits (a steady state), then beyond it again
    await h.call('UpdateService', { cluster, service: 'big', desiredCount: 6 });
    await h.until(
      'steady at 6',
      async () => messages(await h.service('big'))[0]?.endsWith('has reached a steady state.') === true,
    );
    await h.call('UpdateService', { cluster, service: 'big', desiredCount: 7 });

    // Then the shortfall is written again, newer than the steady state
    const events = messages(await h.service('big'));
    expect(events.findIndex(unable)).toBeLessThan(events.findIndex((m) => m.endsWith('has reached a steady state.')));
    expect(events.filter(unable)).toHaveLength(2);
  });

  it('propagates service tags and ECS-managed tags to the tasks it starts', async () => {
    h = new Harness();
    await h.registerWeb();
    await h.call('CreateService', {
      cluster,
      serviceName: 'demo',
      taskDefinition: 'web',
      desiredCount: 1,
      propagateTags: 'SERVICE',
      enableECSManagedTags: true,
      tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }],
    });
    const [task] = await h.runningTasks();
    const tags = await h.call('ListTagsForResource', { resourceArn: task?.taskArn });
    expect(tags.tags).toEqual([
      { key: 'aws:ecs:clusterName', value: 'ecs-demo' },
      { key: 'aws:ecs:serviceName', value: 'demo' },
      { key: 'ecs-alb-wizard:stack', value: 'demo' },
    ]);
  });
});
