import { randomUUID } from 'node:crypto';
import {
  DeregisterTaskDefinitionCommand,
  ListTagsForResourceCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/errors.js';
import { stackNames } from '../aws/names.js';
import { ecsStackTags, hasStackTag } from '../aws/tags.js';
import { awsCommand, capture, queryText, sh } from './cli-text.js';
import { containerStopTimeoutSeconds, defaultImageCommand, defaults } from './defaults.js';
import type { TaskDefinitionResult } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import { dropTwins, latestActive, REGISTRATION_TAG_KEY, tagValue } from './registration-twins.js';
import type { Step } from './types.js';
import type { Answers } from '../model/answers.js';

const PROMPT_IMAGE = 'Which container image answers GET /hostname with its hostname?';
const PROMPT_PORT = 'Which port does the container listen on?';
const PROMPT_MEMORY = 'How much memory (MiB) should each task reserve?';

/**
 * The one container: bridge mode, hostPort 0 so Docker picks a dynamic host port per task, and an
 * explicit stop timeout (the seconds between the stop signal and the kill) longer than the target
 * group's deregistration delay.
 */
export function containerDefinition(answers: Answers, containerName: string): ContainerDefinition {
  const image = answers.image ?? defaults.image;
  const port = answers.containerPort ?? defaults.containerPort;
  return {
    name: containerName,
    image,
    essential: true,
    memoryReservation: Number(answers.memory ?? defaults.memory),
    portMappings: [{ containerPort: Number(port), hostPort: 0, protocol: 'tcp' }],
    stopTimeout: containerStopTimeoutSeconds,
    ...(image === defaults.image ? { entryPoint: ['sh', '-c'], command: [defaultImageCommand(port)] } : {}),
  };
}

/**
 * What RegisterTaskDefinition gets: bridge mode and the one container, with no
 * `requiresCompatibilities`. ECS then validates it for EC2 and lists `EC2` among its
 * `compatibilities`, so an EC2 service runs it; the memory stays a reservation with no hard limit.
 * (Emulators built on moto refuse `requiresCompatibilities: ['EC2']` with only
 * `memoryReservation`, though AWS accepts it.)
 */
export function taskDefinitionInput(answers: Answers, containerName: string, family: string) {
  return {
    family,
    networkMode: 'bridge' as const,
    containerDefinitions: [containerDefinition(answers, containerName)],
  };
}

function sameContainer(existing: TaskDefinition, wanted: ContainerDefinition): boolean {
  const c = existing.containerDefinitions?.[0];
  const mapping = c?.portMappings?.[0];
  return (
    existing.status === 'ACTIVE' &&
    existing.networkMode === 'bridge' &&
    c?.image === wanted.image &&
    c?.memoryReservation === wanted.memoryReservation &&
    mapping?.containerPort === wanted.portMappings?.[0]?.containerPort &&
    (mapping?.hostPort ?? 0) === 0 &&
    c?.stopTimeout === wanted.stopTimeout &&
    JSON.stringify(c?.command ?? []) === JSON.stringify(wanted.command ?? [])
  );
}

/** Step 9: the memo's Sinatra app becomes a task definition in bridge mode with a dynamic host port. */
export const taskDefinitionStep: Step<TaskDefinitionResult> = {
  id: 'task-definition',
  title: 'Register the task definition',
  why: "Bridge network mode with hostPort 0: Docker gives each task its own host port, so several tasks share an instance and the ALB finds them by instance id + port. The container's stopTimeout is set to 30 s, longer than the target's draining, so a stopping task finishes its requests before it can be killed.",
  keys: ['image', 'containerPort', 'memory'],
  questions: (known) =>
    textQuestions(known, { image: PROMPT_IMAGE, containerPort: PROMPT_PORT, memory: PROMPT_MEMORY }),
  validate: (answers) => checkAnswers(answers, ['image', 'containerPort', 'memory']),
  async execute(answers, deps, record) {
    const names = stackNames(deps.stack);
    const family = names.taskFamily;
    const wanted = containerDefinition(answers, names.containerName);
    try {
      const latest = await latestActive(deps, family);
      let definition: TaskDefinition;
      let token: string;
      if (latest && hasStackTag(latest.tags, deps.stack) && sameContainer(latest.definition, wanted)) {
        definition = latest.definition;
        token = tagValue(latest.tags, REGISTRATION_TAG_KEY) ?? '';
        record(
          {
            kind: 'task-definition',
            id: definition.taskDefinitionArn ?? '',
            label: `${family}:${definition.revision}`,
          },
          true,
        );
      } else {
        token = randomUUID();
        const out = await deps.clients.ecs.send(
          new RegisterTaskDefinitionCommand({
            ...taskDefinitionInput(answers, names.containerName, family),
            tags: [...ecsStackTags(deps.stack), { key: REGISTRATION_TAG_KEY, value: token }],
          }),
          { abortSignal: deps.signal },
        );
        if (!out.taskDefinition?.taskDefinitionArn) throw new Error('RegisterTaskDefinition returned no ARN');
        definition = out.taskDefinition;
        record(
          {
            kind: 'task-definition',
            id: definition.taskDefinitionArn ?? '',
            label: `${family}:${definition.revision}`,
          },
          false,
        );
      }
      const arn = definition.taskDefinitionArn ?? '';
      // Also on a rerun: a run whose every attempt lost its answer left twins behind.
      const dropped = token ? await dropTwins(deps, family, arn, token) : [];
      for (const twin of dropped)
        deps.emit({
          type: 'log',
          step: 'task-definition',
          message: `deregistered ${twin.split('/').pop() ?? twin}: a second copy of this registration (its first answer was lost and the call retried)`,
        });
      return { taskDefinitionArn: arn, family, revision: definition.revision ?? 0 };
    } catch (cause) {
      throw new Error(`register task definition ${family}`, { cause });
    }
  },
  async teardown(resource, deps) {
    try {
      const tags = await deps.clients.ecs.send(new ListTagsForResourceCommand({ resourceArn: resource.id }), {
        abortSignal: deps.signal,
      });
      if (!hasStackTag(tags.tags, deps.stack)) return 'not-ours';
      await deps.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: resource.id }), {
        abortSignal: deps.signal,
      });
      return 'deleted';
    } catch (error) {
      if (isAwsError(error, 'ClientException', 'InvalidParameterException', 'ResourceNotFoundException'))
        return 'already-gone';
      throw new Error(`deregister task definition ${resource.label}`, { cause: error });
    }
  },
  summary: (r) => [`${r.family}:${r.revision} ${r.taskDefinitionArn}`],
  cli(answers, result, ctx) {
    const names = stackNames(ctx?.stack ?? 'demo');
    const container = JSON.stringify([containerDefinition(answers, names.containerName)]);
    return [
      capture(
        'TASK_DEF_ARN',
        result?.taskDefinitionArn,
        awsCommand(
          'ecs register-task-definition',
          ['--family', names.taskFamily],
          ['--network-mode', 'bridge'],
          ['--container-definitions', sh(container)],
          ['--tags', `key=ecs-alb-wizard:stack,value=${sh(ctx?.stack ?? 'demo')}`],
          queryText('taskDefinition.taskDefinitionArn'),
        ),
      ),
    ];
  },
};
