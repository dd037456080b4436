import { request } from 'node:http';
import type * as ecs from '@aws-sdk/client-ecs';
import type { ElbTargets, EcsContext, EcsService, SandboxClock, TargetRef } from '../../../source/sandbox/contracts.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { createEcs } from '../../../source/sandbox/ecs/index.js';

/** A sandbox clock running `timeScale` times faster than AWS, on real timers. */
export function scaledClock(timeScale = 1000): SandboxClock {
  return {
    timeScale,
    real: (awsMs) => awsMs / timeScale,
    now: () => new Date(),
    sleep: (awsMs, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, awsMs / timeScale);
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

type Group = { associated: boolean; targetType: string; deregistrationDelaySeconds: number };

/**
 * ELBv2 as ECS sees it, in memory: target groups with their association and a log of every
 * register / deregister call. Deregistration waits `deregistrationDelaySeconds` on the clock, or
 * until `holdDraining` is released when a test wants to look inside the draining window.
 */
export class FakeElb implements ElbTargets {
  readonly groups = new Map<string, Group>();
  readonly targets = new Map<string, Set<string>>();
  readonly log: string[] = [];
  private gate: { promise: Promise<void>; release: () => void } | undefined;

  constructor(private readonly clock: SandboxClock) {}

  addGroup(name: string, group: Partial<Group> = {}): string {
    const arn = `arn:aws:elasticloadbalancing:${seed.region}:${seed.accountId}:targetgroup/${name}/0123456789abcdef`;
    this.groups.set(arn, { associated: true, targetType: 'instance', deregistrationDelaySeconds: 30, ...group });
    this.targets.set(arn, new Set());
    return arn;
  }

  /** Deregistrations started from now on wait until the returned function is called. */
  holdDraining(): () => void {
    let release = (): void => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.gate = { promise, release };
    return () => {
      this.gate = undefined;
      release();
    };
  }

  describeTargetGroup(arn: string) {
    const group = this.groups.get(arn);
    if (!group) return undefined;
    const name = arn.split('/')[1] ?? '';
    return { arn, name, loadBalancerArns: group.associated ? ['arn:lb'] : [], ...group };
  }

  register(arn: string, target: TargetRef): void {
    const set = this.targets.get(arn);
    if (!set) throw new Error(`The target group with targetGroupArn ${arn} does not exist.`);
    set.add(`${target.id}:${target.port}`);
    this.log.push(`register ${target.id}:${target.port}`);
  }

  async deregister(arn: string, target: TargetRef, options?: { immediate?: boolean }): Promise<void> {
    const key = `${target.id}:${target.port}`;
    this.log.push(`${options?.immediate ? 'deregister-immediate' : 'deregister'} ${key}`);
    if (!options?.immediate) {
      if (this.gate) await this.gate.promise;
      else await this.clock.sleep((this.groups.get(arn)?.deregistrationDelaySeconds ?? 0) * 1000);
    }
    this.targets.get(arn)?.delete(key);
    this.log.push(`deregistered ${key}`);
  }

  /** Targets currently registered in the group, as `instance:port`. */
  list(arn: string): string[] {
    return [...(this.targets.get(arn) ?? [])].sort();
  }
}

/** Each operation's output, as the SDK types it. */
export type Outputs = {
  ListClusters: ecs.ListClustersResponse;
  DescribeClusters: ecs.DescribeClustersResponse;
  CreateCluster: ecs.CreateClusterResponse;
  DeleteCluster: ecs.DeleteClusterResponse;
  ListContainerInstances: ecs.ListContainerInstancesResponse;
  DescribeContainerInstances: ecs.DescribeContainerInstancesResponse;
  RegisterTaskDefinition: ecs.RegisterTaskDefinitionResponse;
  DescribeTaskDefinition: ecs.DescribeTaskDefinitionResponse;
  DeregisterTaskDefinition: ecs.DeregisterTaskDefinitionResponse;
  ListTaskDefinitions: ecs.ListTaskDefinitionsResponse;
  CreateService: ecs.CreateServiceResponse;
  UpdateService: ecs.UpdateServiceResponse;
  DescribeServices: ecs.DescribeServicesResponse;
  ListServices: ecs.ListServicesResponse;
  DeleteService: ecs.DeleteServiceResponse;
  ListTasks: ecs.ListTasksResponse;
  DescribeTasks: ecs.DescribeTasksResponse;
  StopTask: ecs.StopTaskResponse;
  TagResource: ecs.TagResourceResponse;
  UntagResource: ecs.UntagResourceResponse;
  ListTagsForResource: ecs.ListTagsForResourceResponse;
};

/** An ECS part on a fast clock with a fake ELB, and the calls tests make on it. */
export class Harness {
  readonly clock: SandboxClock;
  readonly elb: FakeElb;
  readonly ecs: EcsService;
  changes = 0;

  constructor(restored?: unknown, timeScale = 1000, elb?: FakeElb) {
    this.clock = scaledClock(timeScale);
    this.elb = elb ?? new FakeElb(this.clock);
    const ctx: EcsContext = {
      clock: this.clock,
      elb: this.elb,
      region: seed.region,
      accountId: seed.accountId,
      instances: seed.instances.map((i, n) => ({ ...i, az: seed.subnets[n]?.az ?? 'ap-northeast-1a' })),
      restored,
      changed: () => {
        this.changes += 1;
      },
    };
    this.ecs = createEcs(ctx);
  }

  /** Calls an ECS operation; its output is typed as the SDK types it. */
  async call<K extends keyof Outputs>(operation: K, input: Record<string, unknown> = {}): Promise<Outputs[K]> {
    return (await this.ecs.handle(operation, input)) as Outputs[K];
  }

  /** The SandboxError an operation throws (fails the test when it succeeds). */
  async error(operation: string, input: Record<string, unknown>): Promise<{ name: string; message: string }> {
    try {
      await this.ecs.handle(operation, input);
    } catch (error) {
      return error as { name: string; message: string };
    }
    throw new Error(`${operation} succeeded but an error was expected`);
  }

  async registerWeb(overrides: Record<string, unknown> = {}): Promise<string> {
    const out = await this.call('RegisterTaskDefinition', {
      family: 'web',
      networkMode: 'bridge',
      containerDefinitions: [
        { name: 'web', image: 'public.ecr.aws/example/hostname:latest', memoryReservation: 64, portMappings: [{ containerPort: 4567, hostPort: 0 }] },
      ],
      ...overrides,
    });
    return out.taskDefinition?.taskDefinitionArn ?? '';
  }

  async service(name = 'demo'): Promise<ecs.Service> {
    const out = await this.call('DescribeServices', { cluster: seed.clusterName, services: [name] });
    const service = out.services?.[0];
    if (!service) throw new Error(`service ${name} is missing`);
    return service;
  }

  /** The service's tasks with desiredStatus RUNNING, described. */
  async runningTasks(name = 'demo'): Promise<ecs.Task[]> {
    const list = await this.call('ListTasks', { cluster: seed.clusterName, serviceName: name });
    return this.describeTasks(list.taskArns ?? []);
  }

  async describeTasks(arns: string[]): Promise<ecs.Task[]> {
    if (arns.length === 0) return [];
    return (await this.call('DescribeTasks', { cluster: seed.clusterName, tasks: arns })).tasks ?? [];
  }

  /** Waits until `check` holds, polling; fails with `what` after `timeoutMs`. */
  async until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** The SDK's waitUntilServicesStable condition: one deployment and running == desired. */
  async stable(name = 'demo'): Promise<boolean> {
    const service = await this.service(name);
    return service.status === 'ACTIVE' && service.deployments?.length === 1 && service.runningCount === service.desiredCount;
  }
}

/** The dynamic host port of the task's first container. */
export function hostPort(task: ecs.Task): number {
  const port = task.containers?.[0]?.networkBindings?.[0]?.hostPort;
  if (port === undefined) throw new Error(`task ${task.taskArn} has no host port`);
  return port;
}

/** The task's first container's Docker id (64 hex). */
export function runtimeId(task: ecs.Task): string {
  return task.containers?.[0]?.runtimeId ?? '';
}

/** The task id: the last segment of its ARN. */
export function taskId(task: ecs.Task): string {
  return task.taskArn?.split('/').at(-1) ?? '';
}

/** The service's event messages, newest first. */
export function messages(service: ecs.Service): string[] {
  return (service.events ?? []).map((e) => e.message ?? '');
}

/** GETs `path` from 127.0.0.1:`port`: status and body. */
export function get(port: number, path = '/hostname'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** True when nothing accepts connections on the port any more. */
export async function refused(port: number): Promise<boolean> {
  try {
    await get(port, '/');
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
  }
}

export { seed };
