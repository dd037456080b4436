import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  paginateListTaskDefinitions,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
  waitUntilTasksRunning,
  waitUntilTasksStopped,
  type Task,
} from '@aws-sdk/client-ecs';
import { CreateTargetGroupCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, get as getVia, targetStates, waitFor } from '../fixtures.js';
import { get, hostPort, runtimeId, seed } from './harness.js';

const cluster = seed.clusterName;
const waiter = { maxWaitTime: 30, minDelay: 1, maxDelay: 1 };
let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function registerWeb(sandbox: TestSandbox): Promise<string> {
  const out = await sandbox.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'web',
          image: 'public.ecr.aws/example/hostname',
          memoryReservation: 64,
          portMappings: [{ containerPort: 4567, hostPort: 0 }],
        },
      ],
      tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

async function tasksOf(sandbox: TestSandbox, serviceName: string): Promise<Task[]> {
  const list = await sandbox.ecs.send(new ListTasksCommand({ cluster, serviceName }));
  if (!list.taskArns?.length) return [];
  return (await sandbox.ecs.send(new DescribeTasksCommand({ cluster, tasks: list.taskArns }))).tasks ?? [];
}

/** The SDK error an ECS call fails with (fails the test when the call succeeds). */
async function failure(call: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await call;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('the call succeeded but an error was expected');
}

describe('ECS through the official SDK client', () => {
  it('runs the memo: service behind the ALB, stable, healthy, scaled to 3, deleted', async () => {
    // Given the sandbox, a task definition and an ALB whose listener forwards to the target group
    t = await startTestSandbox();
    const sandbox = t;
    const taskDefinition = await registerWeb(sandbox);
    const described = await sandbox.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: 'web', include: ['TAGS'] }),
    );
    expect(described.tags).toEqual([{ key: 'ecs-alb-wizard:stack', value: 'demo' }]);
    expect(described.taskDefinition?.registeredAt).toBeInstanceOf(Date);
    const stack = await createAlbStack(sandbox);
    const loadBalancers = [{ targetGroupArn: stack.tgArn, containerName: 'web', containerPort: 4567 }];

    // When the service is created with one task and the stable waiter runs
    const created = await sandbox.ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'demo',
        taskDefinition,
        desiredCount: 1,
        loadBalancers,
        clientToken: 'demo-1',
      }),
    );
    expect(created.service?.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS');
    await waitUntilServicesStable({ client: sandbox.ecs, ...waiter }, { cluster, services: ['demo'] });

    // Then its task runs and its host port answers with its container id, as a healthy target
    const [task] = await tasksOf(sandbox, 'demo');
    if (!task) throw new Error('no task');
    await waitUntilTasksRunning({ client: sandbox.ecs, ...waiter }, { cluster, tasks: [task.taskArn ?? ''] });
    expect(task.startedAt).toBeInstanceOf(Date);
    expect(await get(hostPort(task))).toEqual({ status: 200, body: runtimeId(task).slice(0, 12) });
    const instances = await sandbox.ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: [task.containerInstanceArn ?? ''] }),
    );
    const target = `${instances.containerInstances?.[0]?.ec2InstanceId}:${hostPort(task)}`;
    await waitFor(
      'a healthy target',
      async () => (await targetStates(sandbox, stack.tgArn))[target]?.state === 'healthy',
    );
    expect((await getVia(stack.local, stack.dnsName, '/hostname')).body).toBe(runtimeId(task).slice(0, 12));

    // When it is scaled to 3
    await sandbox.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', desiredCount: 3 }));
    await waitUntilServicesStable({ client: sandbox.ecs, ...waiter }, { cluster, services: ['demo'] });

    // Then 3 tasks answer with 3 distinct container ids, on both instances
    const tasks = await tasksOf(sandbox, 'demo');
    expect(tasks).toHaveLength(3);
    const bodies = await Promise.all(tasks.map(async (task) => (await get(hostPort(task))).body));
    expect(new Set(bodies)).toEqual(new Set(tasks.map((task) => runtimeId(task).slice(0, 12))));
    expect(new Set(tasks.map((task) => task.containerInstanceArn)).size).toBe(2);

    // When it is scaled to 0 and deleted
    await sandbox.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', desiredCount: 0 }));
    const deleted = await sandbox.ecs.send(new DeleteServiceCommand({ cluster, service: 'demo' }));
    expect(deleted.service?.status).toBe('DRAINING');
    await waitUntilServicesInactive({ client: sandbox.ecs, ...waiter }, { cluster, services: ['demo'] });
    await waitUntilTasksStopped(
      { client: sandbox.ecs, ...waiter },
      { cluster, tasks: tasks.map((task) => task.taskArn ?? '') },
    );
    await sandbox.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition }));

    // Then ECS is back to the seed: no services, no tasks, no active task definitions
    expect(sandbox.sandbox.inventory().ecs).toEqual(sandbox.sandbox.seedInventory().ecs);
    const clusters = await sandbox.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
    expect(clusters.clusters?.[0]).toMatchObject({
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
    });
  });

  it('sends every ECS error with its AWS code as error.name', async () => {
    t = await startTestSandbox();
    const { ecs, elbv2 } = t;
    const taskDefinition = await registerWeb(t);
    const lonely = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'lonely',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: seed.vpcId,
        TargetType: 'instance',
      }),
    );
    const lonelyArn = lonely.TargetGroups?.[0]?.TargetGroupArn ?? '';
    const create = (input: Partial<ConstructorParameters<typeof CreateServiceCommand>[0]> = {}) =>
      ecs.send(new CreateServiceCommand({ cluster, serviceName: 'demo', taskDefinition, desiredCount: 1, ...input }));

    const notAssociated = await failure(
      create({ loadBalancers: [{ targetGroupArn: lonelyArn, containerName: 'web', containerPort: 4567 }] }),
    );
    expect(notAssociated).toMatchObject({
      name: 'InvalidParameterException',
      message: `The target group with targetGroupArn ${lonelyArn} does not have an associated load balancer.`,
    });
    expect((await failure(create({ cluster: 'nope' }))).name).toBe('ClusterNotFoundException');
    expect((await failure(create({ healthCheckGracePeriodSeconds: 10 }))).name).toBe('InvalidParameterException');
    expect((await failure(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope' })))).name).toBe(
      'ClientException',
    );
    expect(
      (await failure(ecs.send(new UpdateServiceCommand({ cluster, service: 'nope', desiredCount: 1 })))).name,
    ).toBe('ServiceNotFoundException');

    await create();
    expect(await failure(create())).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Creation of service was not idempotent.',
    });
    expect(await failure(ecs.send(new DeleteServiceCommand({ cluster, service: 'demo' })))).toMatchObject({
      name: 'InvalidParameterException',
      message: 'The service cannot be stopped while it is scaled above 0.',
    });
    await ecs.send(new DeleteServiceCommand({ cluster, service: 'demo', force: true }));
    expect(
      (await failure(ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', desiredCount: 2 })))).name,
    ).toBe('ServiceNotActiveException');
    expect((await failure(ecs.send(new StopTaskCommand({ cluster, task: 'nope' })))).name).toBe(
      'InvalidParameterException',
    );

    expect((await failure(ecs.send(new DeleteClusterCommand({ cluster })))).name).toBe(
      'ClusterContainsContainerInstancesException',
    );
    await ecs.send(new CreateClusterCommand({ clusterName: 'other' }));
    await ecs.send(
      new CreateServiceCommand({ cluster: 'other', serviceName: 'idle', taskDefinition, desiredCount: 0 }),
    );
    expect((await failure(ecs.send(new DeleteClusterCommand({ cluster: 'other' })))).name).toBe(
      'ClusterContainsServicesException',
    );

    const missing = await ecs.send(new DescribeServicesCommand({ cluster, services: ['ghost'] }));
    expect(missing.failures).toEqual([
      { arn: `arn:aws:ecs:${seed.region}:${seed.accountId}:service/${cluster}/ghost`, reason: 'MISSING' },
    ]);
  });

  it('keeps tasks across a sandbox restart: same container ids, new ports, still stable and healthy', async () => {
    // Given a stable service with 2 healthy targets
    t = await startTestSandbox();
    const taskDefinition = await registerWeb(t);
    const stack = await createAlbStack(t);
    await t.ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'demo',
        taskDefinition,
        desiredCount: 2,
        loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'web', containerPort: 4567 }],
      }),
    );
    await waitUntilServicesStable({ client: t.ecs, ...waiter }, { cluster, services: ['demo'] });
    const before = await tasksOf(t, 'demo');

    // When the sandbox restarts on the same state dir
    t = await t.restart();
    const sandbox = t;

    // Then the same tasks answer with the same container ids on new host ports, and become healthy targets
    const after = await tasksOf(sandbox, 'demo');
    expect(after.map((task) => runtimeId(task)).sort()).toEqual(before.map((task) => runtimeId(task)).sort());
    for (const task of after) {
      expect(before.map(hostPort)).not.toContain(hostPort(task));
      expect((await get(hostPort(task))).body).toBe(runtimeId(task).slice(0, 12));
    }
    await waitUntilServicesStable({ client: sandbox.ecs, ...waiter }, { cluster, services: ['demo'] });
    await waitFor('2 healthy targets on the new ports', async () => {
      const states = await targetStates(sandbox, stack.tgArn);
      return Object.keys(states).length === 2 && Object.values(states).every((s) => s.state === 'healthy');
    });
  });

  it('pages with the SDK paginator and lists container instances', async () => {
    t = await startTestSandbox();
    for (let i = 0; i < 3; i += 1) await registerWeb(t);
    const arns: string[] = [];
    for await (const page of paginateListTaskDefinitions({ client: t.ecs, pageSize: 2 }, { familyPrefix: 'web' })) {
      arns.push(...(page.taskDefinitionArns ?? []));
    }
    expect(arns.map((arn) => arn.split(':').at(-1))).toEqual(['1', '2', '3']);
    const instances = await t.ecs.send(new ListContainerInstancesCommand({ cluster }));
    expect(instances.containerInstanceArns).toHaveLength(2);
  });
});
