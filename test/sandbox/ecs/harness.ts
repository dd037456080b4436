import { request } from 'node:http';
import type * as ecs from '@aws-sdk/client-ecs';
import type { EcsContext, EcsService, SandboxClock } from '../../../source/sandbox/contracts.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { seedInstances } from '../../../source/sandbox/seed-world.js';
import { createEcs } from '../../../source/sandbox/ecs/index.js';
import { FakeAutoScaling } from './fake-auto-scaling.js';
import { FakeElb, scaledClock } from './fakes.js';

/** Each operation's output, as the SDK types it. */
export type Outputs = {
  ListClusters: ecs.ListClustersResponse;
  DescribeClusters: ecs.DescribeClustersResponse;
  CreateCluster: ecs.CreateClusterResponse;
  DeleteCluster: ecs.DeleteClusterResponse;
  CreateCapacityProvider: ecs.CreateCapacityProviderResponse;
  DescribeCapacityProviders: ecs.DescribeCapacityProvidersResponse;
  DeleteCapacityProvider: ecs.DeleteCapacityProviderResponse;
  PutClusterCapacityProviders: ecs.PutClusterCapacityProvidersResponse;
  DeregisterContainerInstance: ecs.DeregisterContainerInstanceResponse;
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
  readonly autoScaling = new FakeAutoScaling();
  readonly ecs: EcsService;
  changes = 0;

  /**
   * `instanceZones`: one container instance per AZ given (default: the memo's two, in 1a and 1c);
   * none (`[]`) is the `empty` seed: no cluster, no instances.
   */
  constructor(restored?: unknown, timeScale = 1000, elb?: FakeElb, instanceZones?: readonly string[]) {
    this.clock = scaledClock(timeScale);
    this.elb = elb ?? new FakeElb(this.clock);
    const ctx: EcsContext = {
      clock: this.clock,
      elb: this.elb,
      autoScaling: this.autoScaling,
      region: seed.region,
      accountId: seed.accountId,
      instances: seedInstances(instanceZones).map((i) => ({
        ...i,
        az: seed.subnets.find((s) => s.id === i.subnet)?.az ?? 'ap-northeast-1a',
      })),
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
        {
          name: 'web',
          image: 'public.ecr.aws/example/hostname:latest',
          memoryReservation: 64,
          portMappings: [{ containerPort: 4567, hostPort: 0 }],
        },
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
    return this.describeTasksIn(seed.clusterName, arns);
  }

  async describeTasksIn(cluster: string, arns: string[]): Promise<ecs.Task[]> {
    if (arns.length === 0) return [];
    return (await this.call('DescribeTasks', { cluster, tasks: arns })).tasks ?? [];
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
    return (
      service.status === 'ACTIVE' && service.deployments?.length === 1 && service.runningCount === service.desiredCount
    );
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

export { FakeElb, scaledClock, seed };
