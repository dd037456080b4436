import { request } from 'node:http';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
  waitUntilLoadBalancerAvailable,
  waitUntilLoadBalancersDeleted,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateServiceLinkedRoleCommand, DeleteServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadBalancerNode } from '../../source/model/load-balancer.js';
import { resolveOver } from '../../source/sandbox/resolve-over.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxClients, startTestSandbox, type SandboxClients, type TestSandbox } from '../helpers/sandbox.js';
import { serveSandbox } from './cli-process.js';
import { get, targetStates, waitFor } from './fixtures.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The SDK clients plus how to find a load balancer's nodes: in-process or over HTTP. */
type Env = SandboxClients & { resolve(host: string, port: number): Promise<LoadBalancerNode[]> };

function envOf(t: TestSandbox): Env {
  return { ...t, resolve: (host, port) => Promise.resolve(t.sandbox.resolveLoadBalancer(host, port)) };
}

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

const waiter = (client: unknown, maxWaitTime = 30) => ({ client, maxWaitTime, minDelay: 1, maxDelay: 1 }) as never;

type Stack = {
  albGroup: string;
  tgArn: string;
  lbArn: string;
  dnsName: string;
  listenerArn: string;
  ruleArn: string;
  taskDefinitionArn: string;
};

/** The memo's steps 2-7: groups and the source-group rule, target group, ALB, listener + `/*` rule, role, task definition. */
async function buildStack(c: Env, opts: { memory?: number } = {}): Promise<Stack> {
  const albGroup =
    (
      await c.ec2.send(
        new CreateSecurityGroupCommand({ GroupName: 'demo-alb', Description: 'demo ALB', VpcId: seed.vpcId }),
      )
    ).GroupId ?? '';
  await c.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: albGroup,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  await c.ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: seed.instanceSecurityGroup.id,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 32768,
          ToPort: 65535,
          UserIdGroupPairs: [{ GroupId: albGroup, Description: 'from demo ALB' }],
        },
      ],
    }),
  );
  const tg = await c.elbv2.send(
    new CreateTargetGroupCommand({
      Name: 'demo-tg',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: seed.vpcId,
      TargetType: 'instance',
      HealthCheckPath: '/hostname',
    }),
  );
  const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
  await c.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: tgArn,
      Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
    }),
  );
  const lb = (
    await c.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'demo-alb',
        Subnets: seed.subnets.map((s) => s.id),
        SecurityGroups: [albGroup],
      }),
    )
  ).LoadBalancers?.[0];
  const lbArn = lb?.LoadBalancerArn ?? '';
  await waitUntilLoadBalancerAvailable(waiter(c.elbv2), { LoadBalancerArns: [lbArn] });
  const taskDefinitionArn =
    (
      await c.ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'demo-hostname',
          networkMode: 'bridge',
          containerDefinitions: [
            {
              name: 'app',
              image: 'public.ecr.aws/docker/library/ruby:alpine',
              memoryReservation: opts.memory ?? 128,
              portMappings: [{ containerPort: 4567, hostPort: 0, protocol: 'tcp' }],
            },
          ],
        }),
      )
    ).taskDefinition?.taskDefinitionArn ?? '';
  const listenerArn =
    (
      await c.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      )
    ).Listeners?.[0]?.ListenerArn ?? '';
  const ruleArn =
    (
      await c.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 1,
          Conditions: [{ Field: 'path-pattern', Values: ['/*'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      )
    ).Rules?.[0]?.RuleArn ?? '';
  await c.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  return { albGroup, tgArn, lbArn, dnsName: lb?.DNSName ?? '', listenerArn, ruleArn, taskDefinitionArn };
}

async function runningTasks(c: Env): Promise<Task[]> {
  const arns =
    (
      await c.ecs.send(
        new ListTasksCommand({ cluster: seed.clusterName, serviceName: 'demo', desiredStatus: 'RUNNING' }),
      )
    ).taskArns ?? [];
  if (arns.length === 0) return [];
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += 100)
    tasks.push(
      ...((await c.ecs.send(new DescribeTasksCommand({ cluster: seed.clusterName, tasks: arns.slice(i, i + 100) })))
        .tasks ?? []),
    );
  return tasks.filter((task) => task.lastStatus === 'RUNNING');
}

async function healthyCount(c: Env, tgArn: string): Promise<number> {
  return Object.values(await targetStates(c, tgArn)).filter((h) => h.state === 'healthy').length;
}

async function scaleTo(c: Env, stack: Stack, count: number, timeoutMs = 20_000): Promise<void> {
  await c.ecs.send(new UpdateServiceCommand({ cluster: seed.clusterName, service: 'demo', desiredCount: count }));
  await waitUntilServicesStable(waiter(c.ecs, 60), { cluster: seed.clusterName, services: ['demo'] });
  await waitFor(
    `${count} healthy targets`,
    async () =>
      (await healthyCount(c, stack.tgArn)) === count &&
      Object.keys(await targetStates(c, stack.tgArn)).length === count,
    timeoutMs,
  );
}

/** `count` GETs of /hostname through the load balancer's nodes in turn, `concurrency` at a time. */
async function hostnames(c: Env, stack: Stack, count: number, concurrency = 1): Promise<string[]> {
  const nodes = await c.resolve(stack.dnsName, 80);
  if (nodes.length === 0) throw new Error('listener not up');
  const out: string[] = [];
  const worker = async () => {
    while (out.length < count) {
      out.push('');
      const node = nodes[out.length % nodes.length] as LoadBalancerNode;
      const answer = await get(node, stack.dnsName, '/hostname');
      out[out.indexOf('')] = answer.status === 200 ? answer.body : `HTTP ${answer.status}`;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

function directHostname(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/hostname', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

async function teardown(c: Env, stack: Stack): Promise<void> {
  await c.ecs.send(new UpdateServiceCommand({ cluster: seed.clusterName, service: 'demo', desiredCount: 0 }));
  await c.ecs.send(new DeleteServiceCommand({ cluster: seed.clusterName, service: 'demo' }));
  await waitUntilServicesInactive(waiter(c.ecs, 60), { cluster: seed.clusterName, services: ['demo'] });
  await c.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: stack.taskDefinitionArn }));
  await c.elbv2.send(new DeleteRuleCommand({ RuleArn: stack.ruleArn }));
  await c.elbv2.send(new DeleteListenerCommand({ ListenerArn: stack.listenerArn }));
  await c.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: stack.lbArn }));
  await waitUntilLoadBalancersDeleted(waiter(c.elbv2), { LoadBalancerArns: [stack.lbArn] });
  await c.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: stack.tgArn }));
  await c.ec2.send(
    new RevokeSecurityGroupIngressCommand({
      GroupId: seed.instanceSecurityGroup.id,
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: stack.albGroup }] },
      ],
    }),
  );
  // The ALB's network interfaces linger a little: DependencyViolation until they are gone.
  const violations: string[] = [];
  await waitFor('the ALB security group deleted', async () => {
    try {
      await c.ec2.send(new DeleteSecurityGroupCommand({ GroupId: stack.albGroup }));
      return true;
    } catch (error) {
      violations.push((error as Error).name);
      return false;
    }
  });
  expect(new Set(violations)).toEqual(new Set(['DependencyViolation']));
  await c.iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForECS' }));
}

describe("the memo's whole sequence with the official SDK clients", () => {
  it('sets up, serves one then three containers through the ALB, tears down to the seed', async () => {
    t = await startTestSandbox({ timeScale: 600 });
    const c = envOf(t);
    const stack = await buildStack(c);
    const service = {
      cluster: seed.clusterName,
      serviceName: 'demo',
      taskDefinition: stack.taskDefinitionArn,
      desiredCount: 1,
      loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
    };
    await c.ecs.send(new CreateServiceCommand(service));
    await waitUntilServicesStable(waiter(c.ecs, 60), { cluster: seed.clusterName, services: ['demo'] });
    await waitFor('one healthy target', async () => (await healthyCount(c, stack.tgArn)) === 1);

    // 30 GETs through the load balancer return one hostname: the task's container id prefix
    const one = new Set(await hostnames(c, stack, 30));
    const [task] = await runningTasks(c);
    expect([...one]).toEqual([task?.containers?.[0]?.runtimeId?.slice(0, 12)]);

    // Scale out to 3: three healthy targets, three distinct hostnames, each a RUNNING task on its host port
    await scaleTo(c, stack, 3);
    const three = new Set(await hostnames(c, stack, 30, 3));
    const tasks = await runningTasks(c);
    expect(tasks).toHaveLength(3);
    const expected = new Map(
      tasks.map((x) => [
        x.containers?.[0]?.runtimeId?.slice(0, 12) ?? '',
        x.containers?.[0]?.networkBindings?.[0]?.hostPort ?? 0,
      ]),
    );
    expect(three).toEqual(new Set(expected.keys()));
    const targets = await targetStates(c, stack.tgArn);
    for (const [hostname, port] of expected) {
      expect(await directHostname(port)).toBe(hostname);
      expect(Object.keys(targets).some((key) => key.endsWith(`:${port}`))).toBe(true);
    }

    await teardown(c, stack);
    await expect(
      c.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [stack.lbArn] })),
    ).rejects.toMatchObject({ name: 'LoadBalancerNotFoundException' });
    expect(t.sandbox.inventory()).toEqual(t.sandbox.seedInventory());
  });

  it('fails CreateService while the target group is on no listener (memo: "two applies do the trick")', async () => {
    t = await startTestSandbox({ timeScale: 600 });
    const tg = await t.elbv2.send(
      new CreateTargetGroupCommand({ Name: 'lonely-tg', Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId }),
    );
    const td = await t.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'x',
        networkMode: 'bridge',
        containerDefinitions: [
          { name: 'app', image: 'x', memoryReservation: 64, portMappings: [{ containerPort: 4567, hostPort: 0 }] },
        ],
      }),
    );
    const create = t.ecs.send(
      new CreateServiceCommand({
        cluster: seed.clusterName,
        serviceName: 'demo',
        taskDefinition: td.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        loadBalancers: [
          { targetGroupArn: tg.TargetGroups?.[0]?.TargetGroupArn, containerName: 'app', containerPort: 4567 },
        ],
      }),
    );
    await expect(create).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('does not have an associated load balancer') as unknown,
    });
  });

  it('brings 100 tasks up healthy, all answering through the load balancer, within 30 s', async () => {
    t = await startTestSandbox({ timeScale: 600 });
    const c = envOf(t);
    const stack = await buildStack(c, { memory: 32 });
    const started = Date.now();
    await c.ecs.send(
      new CreateServiceCommand({
        cluster: seed.clusterName,
        serviceName: 'demo',
        taskDefinition: stack.taskDefinitionArn,
        desiredCount: 100,
        loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
      }),
    );
    await waitUntilServicesStable(waiter(c.ecs, 60), { cluster: seed.clusterName, services: ['demo'] });
    await waitFor('100 healthy targets', async () => (await healthyCount(c, stack.tgArn)) === 100, 30_000);
    const seen = new Set<string>();
    await waitFor(
      'every task answering through the ALB',
      async () => {
        for (const name of await hostnames(c, stack, 200, 8)) seen.add(name);
        return seen.size >= 100;
      },
      30_000,
    );
    const elapsed = Date.now() - started;
    const tasks = await runningTasks(c);
    expect(seen).toEqual(new Set(tasks.map((x) => x.containers?.[0]?.runtimeId?.slice(0, 12))));
    expect(elapsed).toBeLessThan(30_000);
  }, 60_000);

  it('keeps every resource over a restart, and the flow continues', async () => {
    t = await startTestSandbox({ timeScale: 600 });
    const stack = await buildStack(envOf(t));
    await t.ecs.send(
      new CreateServiceCommand({
        cluster: seed.clusterName,
        serviceName: 'demo',
        taskDefinition: stack.taskDefinitionArn,
        desiredCount: 1,
        loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
      }),
    );
    await scaleTo(envOf(t), stack, 3);
    const before = new Set(await hostnames(envOf(t), stack, 30, 3));
    const oldPort = t.sandbox.resolveLoadBalancer(stack.dnsName, 80)[0]?.port;

    // When the sandbox restarts on the same state dir
    t = await t.restart();
    const restarted = t;
    const c = envOf(restarted);

    // Then the resources are all there, the listener is back (new local port), and the same containers answer
    expect(
      (await c.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [stack.tgArn] }))).TargetGroups?.[0]
        ?.LoadBalancerArns,
    ).toEqual([stack.lbArn]);
    expect(
      (await c.ecs.send(new DescribeServicesCommand({ cluster: seed.clusterName, services: ['demo'] }))).services?.[0]
        ?.desiredCount,
    ).toBe(3);
    const [local] = await waitFor('the listener back', async () => {
      const nodes = await c.resolve(stack.dnsName, 80);
      return nodes.length > 0 && nodes;
    });
    expect(local?.port).not.toBe(oldPort);
    await waitFor('3 healthy targets again', async () => (await healthyCount(c, stack.tgArn)) === 3, 20_000);
    expect(new Set(await hostnames(c, stack, 30, 3))).toEqual(before);

    // And the flow continues: scale in to 2, then tear down to the seed
    await scaleTo(c, stack, 2);
    expect(new Set(await hostnames(c, stack, 20, 2)).size).toBe(2);
    await teardown(c, stack);
    expect(restarted.sandbox.inventory()).toEqual(restarted.sandbox.seedInventory());
  }, 60_000);

  it('runs the same sequence against `sandbox serve` in its own process, reaching the ALB by its resolve route', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'memo-serve-'));
    const served = await serveSandbox(dir);
    const clients = sandboxClients(served.endpoint);
    try {
      const c: Env = {
        ...clients,
        resolve: (host, port) => resolveOver(served.endpoint, host, port),
      };
      const stack = await buildStack(c);
      await c.ecs.send(
        new CreateServiceCommand({
          cluster: seed.clusterName,
          serviceName: 'demo',
          taskDefinition: stack.taskDefinitionArn,
          desiredCount: 1,
          loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
        }),
      );
      await waitUntilServicesStable(waiter(c.ecs, 60), { cluster: seed.clusterName, services: ['demo'] });
      await waitFor('one healthy target', async () => (await healthyCount(c, stack.tgArn)) === 1);
      expect(new Set(await hostnames(c, stack, 30)).size).toBe(1);
      await scaleTo(c, stack, 3);
      const three = new Set(await hostnames(c, stack, 30, 3));
      expect(three).toEqual(new Set((await runningTasks(c)).map((x) => x.containers?.[0]?.runtimeId?.slice(0, 12))));
      for (const zone of seed.subnets.map((s) => s.az))
        expect(served.out()).toMatch(new RegExp(`${stack.dnsName}:80 → 127\\.[\\d.]+:\\d+ \\(${zone}\\)`));
      await teardown(c, stack);
      const inventory = await getJson(`${served.endpoint}/_sandbox/inventory`);
      const seedInventory = await getJson(`${served.endpoint}/_sandbox/seed-inventory`);
      expect(inventory.body).toEqual(seedInventory.body);
      served.child.kill('SIGINT');
      expect(await served.exit).toBe(0);
    } finally {
      for (const client of Object.values(clients)) client.destroy();
      if (served.child.exitCode === null) served.child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
