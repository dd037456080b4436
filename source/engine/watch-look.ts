import { batches, doing } from '../lib/batches.js';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type ContainerInstance,
  type DesiredStatus,
  type ECSClient,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';

/** What one look at the platform asks about: the stack's service and its target group. */
export type LookQuery = { cluster: string; service: string; targetGroupArn: string };

/**
 * One look at the platform during a change: the service (deployments, events, circuit breaker
 * setting), its tasks (RUNNING and, of those asked for, STOPPED), their container instances and
 * every target of the group with its health.
 */
export type Look = {
  service: Service | undefined;
  tasks: Task[];
  instances: ContainerInstance[];
  targets: TargetHealthDescription[];
};

async function listTasks(ecs: ECSClient, query: LookQuery, status: DesiredStatus, signal: AbortSignal) {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await doing(`list ${status.toLowerCase()} tasks of service ${query.service}`, () =>
      ecs.send(
        new ListTasksCommand({ cluster: query.cluster, serviceName: query.service, desiredStatus: status, nextToken }),
        {
          abortSignal: signal,
        },
      ),
    );
    arns.push(...(page.taskArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

/**
 * Takes one look. `stoppedWanted(arn)` picks which STOPPED tasks to describe (ECS keeps them an
 * hour; only those of this change matter); `instanceCache` keeps container instances between looks,
 * since they do not change during a watch. Every call carries `signal`, so the caller bounds it.
 */
export async function takeLook(
  clients: { ecs: ECSClient; elbv2: ElasticLoadBalancingV2Client },
  query: LookQuery,
  signal: AbortSignal,
  options: { stoppedWanted: (arn: string) => boolean; instanceCache: Map<string, ContainerInstance> },
): Promise<Look> {
  const { ecs, elbv2 } = clients;
  const [described, running, stopped, health] = await Promise.all([
    doing(`describe service ${query.service}`, () =>
      ecs.send(new DescribeServicesCommand({ cluster: query.cluster, services: [query.service] }), {
        abortSignal: signal,
      }),
    ),
    listTasks(ecs, query, 'RUNNING', signal),
    listTasks(ecs, query, 'STOPPED', signal),
    doing('describe target health', () =>
      elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: query.targetGroupArn }), { abortSignal: signal }),
    ),
  ]);
  const taskArns = [...new Set([...running, ...stopped.filter(options.stoppedWanted)])];
  const tasks: Task[] = [];
  for (const batch of batches(taskArns, 100)) {
    const out = await doing('describe tasks', () =>
      ecs.send(new DescribeTasksCommand({ cluster: query.cluster, tasks: batch }), { abortSignal: signal }),
    );
    tasks.push(...(out.tasks ?? []));
  }
  const missing = [
    ...new Set(tasks.map((t) => t.containerInstanceArn).filter((arn): arn is string => Boolean(arn))),
  ].filter((arn) => !options.instanceCache.has(arn));
  for (const batch of batches(missing, 100)) {
    const out = await doing('describe container instances', () =>
      ecs.send(new DescribeContainerInstancesCommand({ cluster: query.cluster, containerInstances: batch }), {
        abortSignal: signal,
      }),
    );
    for (const instance of out.containerInstances ?? [])
      if (instance.containerInstanceArn) options.instanceCache.set(instance.containerInstanceArn, instance);
  }
  return {
    service: described.services?.[0],
    tasks,
    instances: [...options.instanceCache.values()],
    targets: health.TargetHealthDescriptions ?? [],
  };
}
