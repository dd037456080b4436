import { batches, doing } from '../lib/batches.js';
import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type ContainerInstance,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { defaults } from '../steps/defaults.js';
import { need } from '../steps/results.js';
import type { StepResults } from '../model/results.js';
import type { Answers } from '../model/answers.js';
import type { ExpectedBackend } from '../../verify/types.js';
import { targetHint } from './target-hint.js';

export { targetHint };

export type BackendQuery = {
  cluster: string;
  service: string;
  targetGroupArn: string;
  /** The container behind the load balancer; default: the first container with a host port. */
  containerName?: string;
  /** Its container port, to pick the right binding when it maps several; default: the first. */
  containerPort?: number;
  /** The instances' host port range, quoted in the Target.Timeout hint. */
  hostPortRange?: string;
  /** With slow start on: seconds after a task starts until it gets its full share (`StackTopology.rampSeconds`). */
  rampSeconds?: number;
};

/** A task's AZ: DescribeTasks says it; else its container instance's `ecs.availability-zone` attribute. */
function zoneOf(task: Task, instance: ContainerInstance | undefined): string | undefined {
  return task.availabilityZone ?? instance?.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value;
}

/**
 * The pure join (DESIGN §6): each RUNNING task's container → hostname `runtimeId.slice(0, 12)`,
 * its dynamic host port, the container instance's EC2 id, its AZ, and the target `instance:port`'s
 * health with a hint for when that backend stays silent; with slow start on, until when the load
 * balancer may still ramp it up.
 */
export function joinExpectedBackends(
  tasks: readonly Task[],
  instances: readonly ContainerInstance[],
  targets: readonly TargetHealthDescription[],
  query: Pick<BackendQuery, 'containerName' | 'containerPort' | 'hostPortRange' | 'rampSeconds'> = {},
): ExpectedBackend[] {
  const instanceOf = new Map(instances.map((i) => [i.containerInstanceArn, i]));
  const healthOf = new Map(targets.map((t) => [`${t.Target?.Id}:${t.Target?.Port}`, t.TargetHealth]));
  return tasks
    .filter((task) => task.lastStatus === 'RUNNING')
    .flatMap((task): ExpectedBackend[] => {
      const containers = task.containers ?? [];
      const container = query.containerName
        ? containers.find((c) => c.name === query.containerName)
        : (containers.find((c) => (c.networkBindings ?? []).some((b) => b.hostPort)) ?? containers[0]);
      if (!container?.runtimeId) return [];
      const bindings = container.networkBindings ?? [];
      const binding =
        query.containerPort === undefined ? bindings[0] : bindings.find((b) => b.containerPort === query.containerPort);
      const hostPort = binding?.hostPort;
      const instance = instanceOf.get(task.containerInstanceArn);
      const instanceId = instance?.ec2InstanceId;
      const backend: ExpectedBackend = { id: container.runtimeId.slice(0, 12), taskId: task.taskArn?.split('/').pop() };
      if (instanceId) backend.instanceId = instanceId;
      const zone = zoneOf(task, instance);
      if (zone) backend.zone = zone;
      if (query.rampSeconds && task.startedAt)
        backend.rampsUntil = new Date(new Date(task.startedAt).getTime() + query.rampSeconds * 1000).toISOString();
      if (hostPort !== undefined) backend.hostPort = hostPort;
      if (instanceId === undefined || hostPort === undefined) return [backend];
      const health = healthOf.get(`${instanceId}:${hostPort}`);
      const state = health?.State ?? 'not registered';
      backend.targetHealth = state;
      if (health?.Reason) backend.targetReason = health.Reason;
      const hint = targetHint(state, health?.Reason, query.hostPortRange);
      if (hint) backend.hint = hint;
      return [backend];
    });
}

/**
 * Asks ECS and ELBv2 which backends the verifier should hear from: ListTasks (RUNNING, paged) +
 * DescribeTasks, DescribeContainerInstances for the EC2 ids, DescribeTargetHealth; then joins.
 */
export async function fetchExpectedBackends(
  clients: { ecs: ECSClient; elbv2: ElasticLoadBalancingV2Client },
  query: BackendQuery,
  signal?: AbortSignal,
): Promise<ExpectedBackend[]> {
  const { cluster, service } = query;
  const taskArns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await doing(`list running tasks of service ${service}`, () =>
      clients.ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: 'RUNNING', nextToken }), {
        abortSignal: signal,
      }),
    );
    taskArns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const tasks: Task[] = [];
  for (const batch of batches(taskArns, 100)) {
    const out = await doing('describe tasks', () =>
      clients.ecs.send(new DescribeTasksCommand({ cluster, tasks: batch }), { abortSignal: signal }),
    );
    tasks.push(...(out.tasks ?? []));
  }
  const instanceArns = [
    ...new Set(tasks.map((t) => t.containerInstanceArn).filter((arn): arn is string => Boolean(arn))),
  ];
  const instances: ContainerInstance[] = [];
  for (const batch of batches(instanceArns, 100)) {
    const out = await doing('describe container instances', () =>
      clients.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: batch }), {
        abortSignal: signal,
      }),
    );
    instances.push(...(out.containerInstances ?? []));
  }
  const health = await doing('describe target health', () =>
    clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: query.targetGroupArn }), {
      abortSignal: signal,
    }),
  );
  return joinExpectedBackends(tasks, instances, health.TargetHealthDescriptions ?? [], query);
}

/**
 * What `verify` needs for a set-up stack, from its saved step results and answers: the URL (the
 * load balancer's DNS name, listener port and health check path, i.e. the memo's
 * `curl ALB/hostname`) and the expected backends from ECS. Reaching a sandbox load balancer
 * (`*.elb.localhost`) needs a `connectTo` from the caller.
 */
export async function stackVerificationTarget(
  clients: { ecs: ECSClient; elbv2: ElasticLoadBalancingV2Client },
  results: StepResults,
  answers: Answers,
  signal?: AbortSignal,
  more: Pick<BackendQuery, 'rampSeconds'> = {},
): Promise<{ url: string; expected: ExpectedBackend[] }> {
  const url = stackUrl(results, answers);
  const expected = await fetchExpectedBackends(
    clients,
    {
      cluster: need(results, 'cluster').clusterName,
      service: need(results, 'service').serviceName,
      targetGroupArn: need(results, 'target-group').targetGroupArn,
      containerPort: Number(answers.containerPort ?? defaults.containerPort),
      hostPortRange: answers.hostPortRange ?? defaults.hostPortRange,
      ...more,
    },
    signal,
  );
  return { url, expected };
}

/** The URL requests go to: the load balancer's DNS name, listener port and health check path (`curl ALB/hostname`). */
export function stackUrl(results: StepResults, answers: Answers): string {
  const lb = need(results, 'load-balancer');
  const listener = need(results, 'listener');
  const path = answers.healthCheckPath ?? defaults.healthCheckPath;
  const port = listener.port === 80 ? '' : `:${listener.port}`;
  return `http://${lb.dnsName}${port}${path.startsWith('/') ? path : `/${path}`}`;
}
