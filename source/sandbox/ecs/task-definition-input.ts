import { ecsErrors } from './errors.js';
import type { Input } from './input.js';
import type { ContainerDefinitionRecord, PortMapping, TaskDefinitionRecord } from './model.js';

const networkModes = ['bridge', 'host', 'awsvpc', 'none'] as const;
const containerFields = new Set(['name', 'image', 'cpu', 'memory', 'memoryReservation', 'essential', 'portMappings']);
const taskFields = new Set([
  'family',
  'containerDefinitions',
  'networkMode',
  'cpu',
  'memory',
  'requiresCompatibilities',
  'tags',
]);

function rest(body: Record<string, unknown>, known: Set<string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(([key, value]) => !known.has(key) && value !== undefined && value !== null),
  );
}

function portMappings(container: Input, networkMode: TaskDefinitionRecord['networkMode']): PortMapping[] {
  return container.objects('portMappings').map((mapping) => {
    const containerPort = mapping.optionalInteger('containerPort');
    if (containerPort === undefined || containerPort < 1 || containerPort > 65535) {
      throw ecsErrors.client('Invalid containerPort. The containerPort must be between 1 and 65535.');
    }
    const protocol = mapping.optionalString('protocol') ?? 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp')
      throw ecsErrors.client(`Invalid protocol ${protocol}. Valid values are tcp and udp.`);
    const hostPort = mapping.optionalInteger('hostPort') ?? (networkMode === 'bridge' ? 0 : containerPort);
    if (hostPort < 0 || hostPort > 65535)
      throw ecsErrors.client('Invalid hostPort. The hostPort must be between 0 and 65535.');
    if (networkMode !== 'bridge' && hostPort !== containerPort) {
      throw ecsErrors.client(
        `When networkMode=${networkMode}, the host ports and container ports in port mappings must match.`,
      );
    }
    return { containerPort, hostPort, protocol };
  });
}

function containerDefinition(
  container: Input,
  networkMode: TaskDefinitionRecord['networkMode'],
  taskMemory: string | undefined,
): ContainerDefinitionRecord {
  const name = container.optionalString('name');
  if (!name) throw ecsErrors.client('Container.name should not be null or empty.');
  const image = container.optionalString('image');
  if (!image) throw ecsErrors.client('Container.image should not be null or empty.');
  const memory = container.optionalInteger('memory');
  const memoryReservation = container.optionalInteger('memoryReservation');
  if (memory === undefined && memoryReservation === undefined && taskMemory === undefined) {
    throw ecsErrors.client(
      `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
    );
  }
  for (const [field, value] of [
    ['memory', memory],
    ['memoryReservation', memoryReservation],
  ] as const) {
    if (value !== undefined && value < 6) {
      throw ecsErrors.client(`Invalid '${field}' setting for container '${name}'. The value must be at least 6 MiB.`);
    }
  }
  if (memory !== undefined && memoryReservation !== undefined && memory < memoryReservation) {
    throw ecsErrors.client(
      `Invalid setting for container '${name}'. 'memory' must be greater than or equal to 'memoryReservation'.`,
    );
  }
  return {
    name,
    image,
    cpu: container.optionalInteger('cpu') ?? 0,
    ...(memory === undefined ? {} : { memory }),
    ...(memoryReservation === undefined ? {} : { memoryReservation }),
    essential: container.optionalBoolean('essential') ?? true,
    portMappings: portMappings(container, networkMode),
    extra: rest(container.raw(), containerFields),
  };
}

/**
 * ECS validates a definition against the compatibilities it requires. EC2 (or none given, as the
 * wizard sends) accepts container `memoryReservation` alone; FARGATE needs `awsvpc` and task-level
 * cpu and memory.
 */
function checkFargate(networkMode: string, cpu: string | undefined, memory: string | undefined): void {
  if (networkMode !== 'awsvpc') throw ecsErrors.client('Fargate only supports network mode \u2018awsvpc\u2019.');
  if (cpu === undefined) throw ecsErrors.client("Fargate requires that 'cpu' be defined at the task level.");
  if (memory === undefined) throw ecsErrors.client("Fargate requires that 'memory' be defined at the task level.");
}

/** What RegisterTaskDefinition registers, validated as ECS does (ClientException on bad input). */
export type TaskDefinitionSpec = Omit<TaskDefinitionRecord, 'arn' | 'revision' | 'status' | 'registeredAt'>;

export function readTaskDefinition(input: Input): TaskDefinitionSpec {
  const family = input.optionalString('family');
  if (!family) throw ecsErrors.client('Family can not be blank.');
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(family)) {
    throw ecsErrors.client(
      'Family contains invalid characters. Up to 255 letters, numbers, hyphens and underscores are allowed.',
    );
  }
  const mode = input.optionalString('networkMode') ?? 'bridge';
  const networkMode = networkModes.find((m) => m === mode);
  if (!networkMode)
    throw ecsErrors.client(`Invalid networkMode ${mode}. Valid values are bridge, host, awsvpc and none.`);
  const cpu = input.optionalString('cpu');
  const memory = input.optionalString('memory');
  const containers = input.objects('containerDefinitions');
  if (containers.length === 0) throw ecsErrors.client('Container list cannot be empty.');
  const containerDefinitions = containers.map((c) => containerDefinition(c, networkMode, memory));
  const names = containerDefinitions.map((c) => c.name);
  if (new Set(names).size !== names.length) throw ecsErrors.client('Duplicate container names are not allowed.');
  const requiresCompatibilities = input.has('requiresCompatibilities')
    ? input.strings('requiresCompatibilities')
    : undefined;
  if (requiresCompatibilities?.includes('FARGATE')) checkFargate(networkMode, cpu, memory);
  return {
    family,
    networkMode,
    containerDefinitions,
    ...(cpu === undefined ? {} : { cpu }),
    ...(memory === undefined ? {} : { memory }),
    ...(requiresCompatibilities ? { requiresCompatibilities } : {}),
    extra: rest(input.raw(), taskFields),
  };
}
