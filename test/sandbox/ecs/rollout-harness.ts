import { Agent, request } from 'node:http';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancerNode } from '../../../source/model/load-balancer.js';
import { createEcs } from '../../../source/sandbox/ecs/index.js';
import type { Timing } from '../../../source/sandbox/ecs/timing.js';
import { startSandbox } from '../../../source/sandbox/index.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { sandboxClients, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, waitFor, type AlbStack } from '../fixtures.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const cluster = seed.clusterName;

/** A sandbox on the default time scale (60) with optional ECS timing, and an ALB stack in front. */
export type RolloutSandbox = { t: TestSandbox; alb: AlbStack; close(): Promise<void> };

export async function startRolloutSandbox(
  options: { timing?: Partial<Timing>; deregistrationDelaySeconds?: number; timeScale?: number } = {},
): Promise<RolloutSandbox> {
  const stateDir = await mkdtemp(join(tmpdir(), 'sandbox-rollout-'));
  const sandbox = await startSandbox({
    stateDir,
    timeScale: options.timeScale ?? 60,
    ecs: (ctx) => createEcs(ctx, options.timing ? { timing: options.timing } : {}),
  });
  const clients = sandboxClients(sandbox.endpoint, sandbox.region);
  const close = async (): Promise<void> => {
    await sandbox.close();
    for (const client of Object.values(clients)) client.destroy();
    await rm(stateDir, { recursive: true, force: true });
  };
  const t: TestSandbox = {
    ...clients,
    sandbox,
    stateDir,
    restart: () => Promise.reject(new Error('no restart')),
    close,
  };
  const alb = await createAlbStack(t);
  await t.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: alb.tgArn,
      Attributes: [
        { Key: 'deregistration_delay.timeout_seconds', Value: String(options.deregistrationDelaySeconds ?? 20) },
      ],
    }),
  );
  return { t, alb, close };
}

/** Registers revision N of family `web`: a bridge container on a dynamic host port, `env` as its environment. */
export async function registerRevision(
  t: TestSandbox,
  env: string,
  extra: { stopTimeout?: number } = {},
): Promise<string> {
  const out = await t.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'web',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'web',
          image: 'public.ecr.aws/example/hostname',
          memoryReservation: 64,
          portMappings: [{ containerPort: 4567, hostPort: 0 }],
          environment: [{ name: 'REVISION', value: env }],
          ...(extra.stopTimeout === undefined ? {} : { stopTimeout: extra.stopTimeout }),
        },
      ],
    }),
  );
  return out.taskDefinition?.taskDefinitionArn ?? '';
}

/** Creates service `demo` behind the stack's target group with the wizard's zero-downtime settings. */
export async function createDemoService(
  r: RolloutSandbox,
  taskDefinition: string,
  desiredCount: number,
  breaker = { enable: true, rollback: true },
): Promise<void> {
  await r.t.ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName: 'demo',
      taskDefinition,
      desiredCount,
      loadBalancers: [{ targetGroupArn: r.alb.tgArn, containerName: 'web', containerPort: 4567 }],
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: breaker },
    }),
  );
}

export async function describeService(t: TestSandbox): Promise<Service> {
  const out = await t.ecs.send(new DescribeServicesCommand({ cluster, services: ['demo'] }));
  const service = out.services?.[0];
  if (!service) throw new Error('service demo is missing');
  return service;
}

/** Every task of the service ECS still shows (RUNNING and STOPPED). */
export async function allTasks(t: TestSandbox): Promise<Task[]> {
  const arns = [
    ...((await t.ecs.send(new ListTasksCommand({ cluster, serviceName: 'demo' }))).taskArns ?? []),
    ...((await t.ecs.send(new ListTasksCommand({ cluster, serviceName: 'demo', desiredStatus: 'STOPPED' }))).taskArns ??
      []),
  ];
  if (arns.length === 0) return [];
  return (await t.ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks ?? [];
}

/** Target states by `id:port`, in one DescribeTargetHealth call (one consistent moment). */
export async function targetHealth(t: TestSandbox, tgArn: string): Promise<Map<string, string>> {
  const out = await t.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  return new Map(
    (out.TargetHealthDescriptions ?? []).map((d) => [
      `${d.Target?.Id ?? ''}:${d.Target?.Port ?? 0}`,
      d.TargetHealth?.State ?? '',
    ]),
  );
}

/** Answers seen through the load balancer, by status (0: the connection failed) and by body. */
export type LoadCount = { statuses: Map<number, number>; bodies: Map<string, number>; sent: number };

/**
 * A paced load through every node of the load balancer (round robin over the nodes, one keep-alive
 * agent, as the verifier does): one GET /hostname every `everyMs`, until `stop()`; resolves the counts.
 */
export function paceLoad(
  nodes: LoadBalancerNode[],
  host: string,
  everyMs = 10,
): { now: LoadCount; inFlight(): number; stop(): Promise<LoadCount> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const count: LoadCount = { statuses: new Map(), bodies: new Map(), sent: 0 };
  const pending = new Set<Promise<void>>();
  const one = (node: LoadBalancerNode): Promise<void> =>
    new Promise((resolve) => {
      const req = request(
        { host: node.address, port: node.port, path: '/hostname', headers: { host }, agent },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            count.statuses.set(status, (count.statuses.get(status) ?? 0) + 1);
            if (status === 200) count.bodies.set(body, (count.bodies.get(body) ?? 0) + 1);
            resolve();
          });
          res.on('error', () => {
            count.statuses.set(0, (count.statuses.get(0) ?? 0) + 1);
            resolve();
          });
        },
      );
      req.on('error', () => {
        count.statuses.set(0, (count.statuses.get(0) ?? 0) + 1);
        resolve();
      });
      req.end();
    });
  let turn = 0;
  const timer = setInterval(() => {
    const node = nodes[turn++ % nodes.length];
    if (!node) return;
    count.sent += 1;
    const p = one(node).finally(() => pending.delete(p));
    pending.add(p);
  }, everyMs);
  return {
    now: count,
    inFlight: () => pending.size,
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      agent.destroy();
      return count;
    },
  };
}

/** Requests that did not get a 200. */
export function failures(count: LoadCount): number {
  return [...count.statuses].filter(([status]) => status !== 200).reduce((sum, [, n]) => sum + n, 0);
}

/** The 12-hex hostname a task's container answers with. */
export function hostnameOf(task: Task): string {
  return task.containers?.[0]?.runtimeId?.slice(0, 12) ?? '';
}

/** `instance:port` of the task's target. */
export function targetKeyOf(task: Task, instanceIds: Map<string, string>): string {
  return `${instanceIds.get(task.containerInstanceArn ?? '') ?? ''}:${task.containers?.[0]?.networkBindings?.[0]?.hostPort ?? 0}`;
}

/** Waits until the service has `count` healthy targets, one deployment, and that rollout COMPLETED. */
export async function healthyAt(r: RolloutSandbox, count: number, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    `${count} healthy targets and a completed rollout`,
    async () => {
      const health = await targetHealth(r.t, r.alb.tgArn);
      const service = await describeService(r.t);
      return (
        [...health.values()].filter((s) => s === 'healthy').length === count &&
        health.size === count &&
        service.deployments?.length === 1 &&
        service.deployments[0]?.rolloutState === 'COMPLETED'
      );
    },
    timeoutMs,
  );
}

/** The service's event messages, newest first. */
export async function serviceMessages(t: TestSandbox): Promise<string[]> {
  return ((await describeService(t)).events ?? []).map((e) => e.message ?? '');
}
