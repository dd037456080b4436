import { capacityOf, instanceUsage, reservedPorts, staticHostPorts } from './resources.js';
import type { ContainerInstanceRecord, TaskDefinitionRecord, TaskRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

/** JSON 1.1 timestamps are epoch seconds. */
export function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/** The cluster's tasks that are not STOPPED (they hold resources). */
export const liveTasks = (world: EcsWorld, clusterArn: string): TaskRecord[] =>
  world.state.tasks.filter((t) => t.clusterArn === clusterArn && t.lastStatus !== 'STOPPED');

const integer = (name: string, value: number) => ({
  name,
  type: 'INTEGER',
  integerValue: value,
  doubleValue: 0,
  longValue: 0,
});
const stringSet = (name: string, values: string[]) => ({
  name,
  type: 'STRINGSET',
  stringSetValue: values,
  doubleValue: 0,
  longValue: 0,
  integerValue: 0,
});

/** A ContainerInstance: an ECS-optimized Amazon Linux 2023 host with its registered and remaining resources. */
export function renderContainerInstance(
  world: EcsWorld,
  instance: ContainerInstanceRecord,
  withTags: boolean,
): Record<string, unknown> {
  const tasks = liveTasks(world, instance.clusterArn);
  const usage = instanceUsage(instance, tasks, (task) => {
    const definition = world.state.taskDefinitions.find((d) => d.arn === task.taskDefinitionArn);
    return definition ? staticHostPorts(definition) : [];
  });
  const attribute = (name: string, value?: string) => (value === undefined ? { name } : { name, value });
  const capacity = capacityOf(instance);
  const arm = instance.architecture === 'arm64';
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    version: 1,
    versionInfo: { agentVersion: '1.89.2', agentHash: 'f2b8e0a5', dockerVersion: 'DockerVersion: 25.0.8' },
    remainingResources: [
      integer('CPU', capacity.cpu - usage.cpu),
      integer('MEMORY', capacity.memory - usage.memory),
      stringSet('PORTS', [...reservedPorts, ...usage.ports]),
      stringSet('PORTS_UDP', []),
    ],
    registeredResources: [
      integer('CPU', capacity.cpu),
      integer('MEMORY', capacity.memory),
      stringSet('PORTS', [...reservedPorts]),
      stringSet('PORTS_UDP', []),
    ],
    status: instance.status,
    // A deregistered instance's agent stops talking to ECS.
    agentConnected: instance.status !== 'INACTIVE',
    runningTasksCount: usage.running,
    pendingTasksCount: usage.pending,
    attributes: [
      attribute('ecs.capability.execution-role-awslogs'),
      attribute('com.amazonaws.ecs.capability.ecr-auth'),
      attribute('com.amazonaws.ecs.capability.docker-remote-api.1.44'),
      attribute('com.amazonaws.ecs.capability.logging-driver.awslogs'),
      attribute('ecs.capability.task-eni'),
      attribute('ecs.ami-id', arm ? 'ami-0a9b1c2d3e4f50617' : 'ami-0f3a440bbcff3d043'),
      attribute('ecs.availability-zone', instance.availabilityZone),
      attribute('ecs.instance-type', instance.instanceType ?? 't3.medium'),
      attribute('ecs.os-type', 'linux'),
      attribute('ecs.os-family', 'LINUX'),
      attribute('ecs.cpu-architecture', instance.architecture ?? 'x86_64'),
      attribute('ecs.vpc-id', 'vpc-0abc0000000000001'),
      attribute('ecs.subnet-id', instance.subnetId),
    ],
    registeredAt: seconds(instance.registeredAt),
    ...(instance.capacityProviderName ? { capacityProviderName: instance.capacityProviderName } : {}),
    attachments: [],
    tags: withTags ? (world.state.tags[instance.arn] ?? []) : [],
  };
}

/** A TaskDefinition as RegisterTaskDefinition / DescribeTaskDefinition return it. */
export function renderTaskDefinition(world: EcsWorld, definition: TaskDefinitionRecord): Record<string, unknown> {
  return {
    ...definition.extra,
    taskDefinitionArn: definition.arn,
    containerDefinitions: definition.containerDefinitions.map((c) => ({
      ...c.extra,
      name: c.name,
      image: c.image,
      cpu: c.cpu,
      ...(c.memory === undefined ? {} : { memory: c.memory }),
      ...(c.memoryReservation === undefined ? {} : { memoryReservation: c.memoryReservation }),
      portMappings: c.portMappings,
      essential: c.essential,
      environment: c.extra.environment ?? [],
      mountPoints: c.extra.mountPoints ?? [],
      volumesFrom: c.extra.volumesFrom ?? [],
      systemControls: c.extra.systemControls ?? [],
    })),
    family: definition.family,
    revision: definition.revision,
    volumes: definition.extra.volumes ?? [],
    status: definition.status,
    networkMode: definition.networkMode,
    requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
    placementConstraints: definition.extra.placementConstraints ?? [],
    compatibilities: definition.networkMode === 'bridge' ? ['EXTERNAL', 'EC2'] : ['EC2'],
    ...(definition.requiresCompatibilities ? { requiresCompatibilities: definition.requiresCompatibilities } : {}),
    ...(definition.cpu === undefined ? {} : { cpu: definition.cpu }),
    ...(definition.memory === undefined ? {} : { memory: definition.memory }),
    registeredAt: seconds(definition.registeredAt),
    ...(definition.deregisteredAt === undefined ? {} : { deregisteredAt: seconds(definition.deregisteredAt) }),
    registeredBy: `arn:aws:iam::${world.ctx.accountId}:root`,
  };
}
