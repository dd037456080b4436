import { Arns, randomHex } from './arns.js';
import type { ContainerInstanceRecord, ServiceRecord, Tag, TaskDefinitionRecord, TaskRecord } from './model.js';
import { taskReservation } from './resources.js';
import type { EcsWorld } from './ecs-world.js';

/** Who started the task and for which service deployment. */
export type TaskOrigin = { group: string; startedBy?: string; serviceArn?: string; deploymentId?: string };

/**
 * A new PROVISIONING task of `taskDefinition` on `instance`: a 32-hex task id, and per container a
 * 64-hex Docker runtime id (its first 12 characters are the container's hostname in bridge mode).
 */
export function newTask(
  world: EcsWorld,
  taskDefinition: TaskDefinitionRecord,
  instance: ContainerInstanceRecord,
  origin: TaskOrigin,
): TaskRecord {
  const cluster = world.clusterByArn(instance.clusterArn);
  const clusterName = cluster?.name ?? Arns.lastSegment(instance.clusterArn);
  const id = randomHex(32);
  const reservation = taskReservation(taskDefinition);
  const service = origin.serviceArn ? world.state.services.find((s) => s.arn === origin.serviceArn) : undefined;
  // A task placed through a capacity provider strategy names the provider of its instance.
  const provider = service?.capacityProviderStrategy?.length ? instance.capacityProviderName : undefined;
  return {
    arn: world.arns.task(clusterName, id),
    id,
    clusterArn: instance.clusterArn,
    containerInstanceArn: instance.arn,
    taskDefinitionArn: taskDefinition.arn,
    ...origin,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    memory: reservation.memory,
    cpu: reservation.cpu,
    createdAt: world.now(),
    containers: taskDefinition.containerDefinitions.map((definition) => ({
      arn: world.arns.container(clusterName, id),
      name: definition.name,
      image: definition.image,
      runtimeId: randomHex(64),
      lastStatus: 'PENDING',
      networkBindings: definition.portMappings
        .filter((p) => p.protocol === 'tcp')
        .map((p) => ({
          bindIP: '0.0.0.0',
          containerPort: p.containerPort,
          hostPort: p.hostPort,
          protocol: p.protocol,
          dynamic: p.hostPort === 0,
        })),
    })),
    failing: false,
    ...(provider ? { capacityProviderName: provider } : {}),
    ...(instance.hostPortRange ? { hostPortRange: { ...instance.hostPortRange } } : {}),
    version: 1,
  };
}

/**
 * The tags a service's new task gets: ECS-managed tags (`aws:ecs:clusterName`,
 * `aws:ecs:serviceName`) when enabled, plus the service's or task definition's tags per `propagateTags`.
 */
export function propagatedTags(world: EcsWorld, service: ServiceRecord, taskDefinitionArn: string): Tag[] {
  const managed = service.enableECSManagedTags
    ? [
        { key: 'aws:ecs:clusterName', value: Arns.lastSegment(service.clusterArn) },
        { key: 'aws:ecs:serviceName', value: service.name },
      ]
    : [];
  const source =
    service.propagateTags === 'SERVICE'
      ? service.arn
      : service.propagateTags === 'TASK_DEFINITION'
        ? taskDefinitionArn
        : undefined;
  return [...managed, ...(source ? (world.state.tags[source] ?? []) : [])];
}
