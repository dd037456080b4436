import { DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import type { InstanceRow } from '../model/resources.js';
import type { InstancesResult } from '../model/results.js';
import { awsCommand, queryText } from './cli-text.js';
import { defaults } from './defaults.js';
import { stackNames } from '../aws/names.js';
import { need } from './results.js';
import { shownWait } from './shown-wait.js';
import type { Step, StepDeps } from './types.js';

/** What a look needs: the clients and the stop signal (status looks too). */
type Look = Pick<StepDeps, 'clients' | 'signal'>;

/** One look at the group's instances: EC2's view and which registered with ECS. */
export type InstancesLook = {
  rows: InstanceRow[];
  registered: InstancesResult['instances'];
  /** The latest failed scaling activity's message (e.g. an instance type the AZ does not offer). */
  failedActivity?: string;
};

async function registeredInCluster(deps: Look, cluster: string): Promise<Map<string, string>> {
  const list = await deps.clients.ecs.send(new ListContainerInstancesCommand({ cluster, status: 'ACTIVE' }), {
    abortSignal: deps.signal,
  });
  const arns = list.containerInstanceArns ?? [];
  const byInstance = new Map<string, string>();
  if (arns.length === 0) return byInstance;
  const out = await deps.clients.ecs.send(
    new DescribeContainerInstancesCommand({ cluster, containerInstances: arns.slice(0, 100) }),
    { abortSignal: deps.signal },
  );
  for (const ci of out.containerInstances ?? [])
    if (ci.ec2InstanceId && ci.containerInstanceArn) byInstance.set(ci.ec2InstanceId, ci.containerInstanceArn);
  return byInstance;
}

/** The group's instances as EC2 and ECS see them now. */
export async function lookAtInstances(deps: Look, group: string, cluster: string): Promise<InstancesLook> {
  const out = await deps.clients.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
    { abortSignal: deps.signal },
  );
  const members = out.AutoScalingGroups?.[0]?.Instances ?? [];
  const ids = members.map((m) => m.InstanceId).filter((id): id is string => Boolean(id));
  const ec2 = new Map<string, { state: string; az: string }>();
  if (ids.length > 0) {
    const described = await deps.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }), {
      abortSignal: deps.signal,
    });
    for (const i of (described.Reservations ?? []).flatMap((r) => r.Instances ?? []))
      if (i.InstanceId)
        ec2.set(i.InstanceId, { state: i.State?.Name ?? 'unknown', az: i.Placement?.AvailabilityZone ?? '' });
  }
  const registered = await registeredInCluster(deps, cluster);
  const rows = members
    .filter((m) => m.InstanceId)
    .map((m): InstanceRow => {
      const id = m.InstanceId!;
      return {
        instanceId: id,
        az: ec2.get(id)?.az || m.AvailabilityZone || '',
        ec2State: ec2.get(id)?.state ?? m.LifecycleState ?? 'pending',
        registered: registered.has(id),
      };
    })
    .sort((a, b) => a.az.localeCompare(b.az) || a.instanceId.localeCompare(b.instanceId));
  const look: InstancesLook = {
    rows,
    registered: rows
      .filter((r) => r.registered)
      .map((r) => ({ ec2InstanceId: r.instanceId, containerInstanceArn: registered.get(r.instanceId)!, az: r.az })),
  };
  if (members.length === 0 || rows.some((r) => r.ec2State === 'terminated')) {
    const activities = await deps.clients.autoScaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: group, MaxRecords: 5 }),
      { abortSignal: deps.signal },
    );
    const failed = activities.Activities?.find((a) => a.StatusCode === 'Failed' || a.StatusCode === 'Cancelled');
    if (failed) look.failedActivity = failed.StatusMessage ?? failed.Description ?? 'a launch failed';
  }
  return look;
}

/** Why instances did not register, naming each that runs without registering and the likely causes. */
export function whyNotRegistered(look: InstancesLook | undefined, cluster: string, wanted: number): string {
  const rows = look?.rows ?? [];
  const silent = rows.filter((r) => r.ec2State === 'running' && !r.registered);
  const parts: string[] = [];
  if (silent.length > 0)
    parts.push(
      `${silent.map((r) => `${r.instanceId} (${r.az})`).join(', ')} run${silent.length === 1 ? 's' : ''} but never registered: likely no internet route from its subnet (the agent cannot reach ECS), a wrong ECS_CLUSTER in the launch template's user data (it must be ${cluster}), or the instance role lacks AmazonEC2ContainerServiceforEC2Role`,
    );
  if (rows.length < wanted)
    parts.push(
      `the group has ${rows.length} of ${wanted} instances${look?.failedActivity ? `; its last failed launch: ${look.failedActivity}` : ''}`,
    );
  return parts.join('; ') || `${cluster} has not reached ${wanted} ACTIVE container instances`;
}

/**
 * Step 11 with `--create-cluster`: just before the service, a bounded, shown wait until the
 * group's N instances are ACTIVE container instances, with the live table (instance, AZ, EC2
 * state, registered). They booted while the load balancer provisioned.
 */
export const instancesStep: Step<InstancesResult> = {
  id: 'instances',
  title: 'Wait for the container instances',
  why: 'Tasks need container instances: the Auto Scaling group\u2019s instances boot, their ECS agent reads the cluster from the user data and registers. They booted while the load balancer provisioned; here we wait for the rest.',
  keys: [],
  skip: (known) =>
    known.createCluster === 'true'
      ? undefined
      : `the cluster ${known.cluster ?? ''} already has its container instances`,
  questions: () => [],
  validate: () => undefined,
  async execute(_answers, deps) {
    const capacity = need(deps.context.results, 'capacity');
    const cluster = capacity.clusterName;
    const wanted = capacity.desired;
    const look = await shownWait<InstancesLook>(deps, {
      step: 'instances',
      id: 'container-instances',
      what: `${wanted} container instance${wanted === 1 ? '' : 's'} to register in ${cluster}`,
      usually: 'usually 1-3 min on AWS',
      async check() {
        const value = await lookAtInstances(deps, capacity.autoScalingGroupName, cluster);
        const running = value.rows.filter((r) => r.ec2State === 'running').length;
        return {
          done: value.registered.length >= wanted,
          value,
          progress: `registered ${value.registered.length}/${wanted}, running ${running}/${wanted}`,
        };
      },
      instances: (value) => value.rows,
      explainTimeout: (last) => whyNotRegistered(last, cluster, wanted),
    });
    return { instances: look.registered };
  },
  // One instance a line, so each id and AZ stays whole in an 80-column log.
  summary: (r) => [
    `${r.instances.length} container instance(s) registered:`,
    ...r.instances.map((i) => `  ${i.ec2InstanceId} (${i.az})`),
  ],
  cli: (answers, _result, ctx) => {
    const cluster = stackNames(ctx?.stack ?? 'demo').cluster;
    const count = awsCommand(
      'ecs list-container-instances',
      ['--cluster', cluster],
      ['--status', 'ACTIVE'],
      queryText('length(containerInstanceArns)'),
    );
    const wanted = answers.instances ?? defaults.instances;
    return [`for attempt in $(seq 60); do [ "$(${count})" -ge ${wanted} ] && break; sleep 10; done`];
  },
};
