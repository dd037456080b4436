import { randomUUID } from 'node:crypto';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type KeyValuePair,
  type RegisterTaskDefinitionCommandInput,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { ecsStackTags } from '../aws/tags.js';
import { defaultImageCommand, defaults } from '../steps/defaults.js';
import { dropTwins, REGISTRATION_TAG_KEY } from '../steps/registration-twins.js';
import type { StepDeps } from '../steps/types.js';
import type { RecordedResource } from '../model/resources.js';

/** What a deploy changes: the image (default: the current one) and environment variables set or replaced. */
export type DeployChange = { image?: string; env?: Record<string, string> };

/** A task definition as the service runs it now, with its container. */
export type CurrentRevision = { definition: TaskDefinition; desiredCount: number };

/** The service's task definition and desired count now (DescribeServices, DescribeTaskDefinition). */
export async function currentRevision(deps: StepDeps, cluster: string, service: string): Promise<CurrentRevision> {
  const out = await deps.clients.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }), {
    abortSignal: deps.signal,
  });
  const svc = out.services?.[0];
  if (!svc?.taskDefinition || svc.status !== 'ACTIVE')
    throw new Error(`service ${service} is not active in cluster ${cluster}; run setup first`);
  const td = await deps.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: svc.taskDefinition }), {
    abortSignal: deps.signal,
  });
  if (!td.taskDefinition) throw new Error(`task definition ${svc.taskDefinition} was not found`);
  return { definition: td.taskDefinition, desiredCount: svc.desiredCount ?? 0 };
}

/**
 * The container with the change applied: a new image (the default image keeps its own start
 * command; another image runs its own, so the default's command is dropped), and each variable
 * set, replacing one of the same name.
 */
export function changedContainer(current: ContainerDefinition, change: DeployChange): ContainerDefinition {
  const next: ContainerDefinition = { ...current };
  if (change.image && change.image !== current.image) {
    next.image = change.image;
    const port = String(current.portMappings?.[0]?.containerPort ?? defaults.containerPort);
    if (change.image === defaults.image) {
      next.entryPoint = ['sh', '-c'];
      next.command = [defaultImageCommand(port)];
    } else if (current.command?.[0] === defaultImageCommand(port)) {
      delete next.entryPoint;
      delete next.command;
    }
  }
  const env = Object.entries(change.env ?? {});
  if (env.length > 0) {
    const kept = (current.environment ?? []).filter((e) => !env.some(([name]) => name === e.name));
    next.environment = [...kept, ...env.map(([name, value]): KeyValuePair => ({ name, value }))];
  }
  return next;
}

/** RegisterTaskDefinition's input for the next revision: everything registrable of the current one, the container changed. */
export function nextRevisionInput(current: TaskDefinition, change: DeployChange): RegisterTaskDefinitionCommandInput {
  const [first, ...others] = current.containerDefinitions ?? [];
  if (!first) throw new Error(`task definition ${current.family}:${current.revision} has no container`);
  const keep = {
    taskRoleArn: current.taskRoleArn,
    executionRoleArn: current.executionRoleArn,
    networkMode: current.networkMode,
    volumes: current.volumes?.length ? current.volumes : undefined,
    placementConstraints: current.placementConstraints?.length ? current.placementConstraints : undefined,
    requiresCompatibilities: current.requiresCompatibilities?.length ? current.requiresCompatibilities : undefined,
    cpu: current.cpu,
    memory: current.memory,
    pidMode: current.pidMode,
    ipcMode: current.ipcMode,
    proxyConfiguration: current.proxyConfiguration,
    ephemeralStorage: current.ephemeralStorage,
    runtimePlatform: current.runtimePlatform,
  };
  const defined = Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined));
  return {
    family: current.family,
    ...defined,
    containerDefinitions: [changedContainer(first, change), ...others],
  };
}

/**
 * Registers the next revision, tagged with the stack, exactly once as the task-definition step
 * does it (a registration token; twins of a retried call are deregistered), and records it in the
 * stack the moment it exists, so teardown deregisters it. Returns its ARN and `family:revision`.
 */
export async function registerRevision(
  deps: StepDeps,
  current: TaskDefinition,
  change: DeployChange,
  record: (resource: Omit<RecordedResource, 'createdAt' | 'step'>) => void,
): Promise<{ taskDefinitionArn: string; family: string; revision: number }> {
  const family = current.family ?? '';
  const token = randomUUID();
  try {
    const out = await deps.clients.ecs.send(
      new RegisterTaskDefinitionCommand({
        ...nextRevisionInput(current, change),
        tags: [...ecsStackTags(deps.stack), { key: REGISTRATION_TAG_KEY, value: token }],
      }),
      { abortSignal: deps.signal },
    );
    const arn = out.taskDefinition?.taskDefinitionArn;
    if (!arn) throw new Error('RegisterTaskDefinition returned no ARN');
    const revision = out.taskDefinition?.revision ?? 0;
    record({ kind: 'task-definition', id: arn, label: `${family}:${revision}` });
    for (const twin of await dropTwins(deps, family, arn, token))
      deps.emit({
        type: 'log',
        step: 'task-definition',
        message: `deregistered ${twin.split('/').pop() ?? twin}: a second copy of this registration (its first answer was lost and the call retried)`,
      });
    return { taskDefinitionArn: arn, family, revision };
  } catch (cause) {
    throw new Error(`register the next revision of task definition ${family}`, { cause });
  }
}
