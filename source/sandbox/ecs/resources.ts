import type { ContainerInstanceRecord, TaskDefinitionRecord, TaskRecord } from './model.js';

/** What every seeded container instance registers (an ECS-optimized t3.medium-like host). */
export const instanceCapacity = { cpu: 2048, memory: 3904 } as const;

/** What the instance registered: a booted instance's agent reports its type's; a seeded one `instanceCapacity`. */
export function capacityOf(instance: ContainerInstanceRecord): { cpu: number; memory: number } {
  return { cpu: instance.cpu ?? instanceCapacity.cpu, memory: instance.memoryMiB ?? instanceCapacity.memory };
}

/** Ports the ECS agent reserves on every instance (ssh, Docker, the agent's own). */
export const reservedPorts = ['22', '2375', '2376', '51678', '51679'] as const;

/** CPU units and memory (MiB) a task reserves: task-level values, else the containers' sum. */
export function taskReservation(taskDefinition: TaskDefinitionRecord): { cpu: number; memory: number } {
  const containers = taskDefinition.containerDefinitions;
  const memory =
    taskDefinition.memory !== undefined
      ? Number(taskDefinition.memory)
      : containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
  const cpu =
    taskDefinition.cpu !== undefined ? Number(taskDefinition.cpu) : containers.reduce((sum, c) => sum + c.cpu, 0);
  return { cpu, memory };
}

/** Static host ports (non-zero hostPort) a task definition needs on its instance. */
export function staticHostPorts(taskDefinition: TaskDefinitionRecord): string[] {
  return taskDefinition.containerDefinitions.flatMap((c) =>
    c.portMappings.filter((p) => p.hostPort !== 0).map((p) => String(p.hostPort)),
  );
}

export type InstanceUsage = { cpu: number; memory: number; ports: Set<string>; running: number; pending: number };

/** What the instance's non-STOPPED tasks use: ECS frees resources only when a task is STOPPED. */
export function instanceUsage(
  instance: ContainerInstanceRecord,
  tasks: readonly TaskRecord[],
  portsOf: (task: TaskRecord) => string[],
): InstanceUsage {
  const usage: InstanceUsage = { cpu: 0, memory: 0, ports: new Set(), running: 0, pending: 0 };
  for (const task of tasks) {
    if (task.containerInstanceArn !== instance.arn || task.lastStatus === 'STOPPED') continue;
    usage.cpu += task.cpu;
    usage.memory += task.memory;
    for (const port of portsOf(task)) usage.ports.add(port);
    if (task.lastStatus === 'RUNNING') usage.running += 1;
    else usage.pending += 1;
  }
  return usage;
}
