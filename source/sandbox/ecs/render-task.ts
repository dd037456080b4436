import type { TaskRecord } from './model.js';
import { seconds } from './render.js';
import type { EcsWorld } from './ecs-world.js';

/**
 * A Task as DescribeTasks returns it. Network bindings appear once the containers started: in
 * bridge mode each shows the dynamic host port the container port is published on.
 */
export function renderTask(world: EcsWorld, task: TaskRecord, withTags: boolean): Record<string, unknown> {
  const instance = world.instanceByArn(task.containerInstanceArn);
  const started = task.startedAt !== undefined;
  const definition = world.state.taskDefinitions.find((d) => d.arn === task.taskDefinitionArn);
  return {
    attachments: [],
    attributes: [{ name: 'ecs.cpu-architecture', value: instance?.architecture ?? 'x86_64' }],
    availabilityZone: instance?.availabilityZone,
    clusterArn: task.clusterArn,
    connectivity: 'CONNECTED',
    connectivityAt: seconds(task.createdAt),
    containerInstanceArn: task.containerInstanceArn,
    containers: task.containers.map((c) => {
      const spec = definition?.containerDefinitions.find((d) => d.name === c.name);
      return {
        containerArn: c.arn,
        taskArn: task.arn,
        name: c.name,
        image: c.image,
        runtimeId: c.runtimeId,
        lastStatus: c.lastStatus,
        ...(c.exitCode === undefined ? {} : { exitCode: c.exitCode }),
        networkBindings: started
          ? c.networkBindings.map((b) => ({
              bindIP: b.bindIP,
              containerPort: b.containerPort,
              hostPort: b.hostPort,
              protocol: b.protocol,
            }))
          : [],
        networkInterfaces: [],
        healthStatus: 'UNKNOWN',
        cpu: String(spec?.cpu ?? 0),
        ...(spec?.memory === undefined ? {} : { memory: String(spec.memory) }),
        ...(spec?.memoryReservation === undefined ? {} : { memoryReservation: String(spec.memoryReservation) }),
      };
    }),
    cpu: definition?.cpu,
    memory: definition?.memory,
    createdAt: seconds(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    group: task.group,
    healthStatus: 'UNKNOWN',
    lastStatus: task.lastStatus,
    launchType: 'EC2',
    ...(task.capacityProviderName ? { capacityProviderName: task.capacityProviderName } : {}),
    overrides: {
      containerOverrides: task.containers.map((c) => ({ name: c.name })),
      inferenceAcceleratorOverrides: [],
    },
    pullStartedAt: seconds(task.pullStartedAt),
    pullStoppedAt: seconds(task.pullStoppedAt),
    startedAt: seconds(task.startedAt),
    ...(task.startedBy ? { startedBy: task.startedBy } : {}),
    stoppingAt: seconds(task.stoppingAt),
    stoppedAt: seconds(task.stoppedAt),
    executionStoppedAt: task.lastStatus === 'STOPPED' ? seconds(task.stoppedAt) : undefined,
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    tags: withTags ? (world.state.tags[task.arn] ?? []) : [],
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
  };
}
