import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/errors.js';
import { hasStackTag } from '../aws/tags.js';
import type { StepDeps } from './types.js';

/** The family's latest ACTIVE revision with its tags, or undefined when it has none. */
export async function latestActive(
  deps: StepDeps,
  family: string,
): Promise<{ definition: TaskDefinition; tags: Tag[] } | undefined> {
  try {
    const out = await deps.clients.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: family, include: ['TAGS'] }),
      { abortSignal: deps.signal },
    );
    return out.taskDefinition ? { definition: out.taskDefinition, tags: out.tags ?? [] } : undefined;
  } catch (error) {
    if (isAwsError(error, 'ClientException')) return undefined;
    throw error;
  }
}

/**
 * The tag that marks one registration. RegisterTaskDefinition has no client token: when its
 * answer is lost and the SDK retries it, ECS registers a second revision. Every attempt of one
 * registration carries the same value, so its twins can be told from other revisions.
 */
export const REGISTRATION_TAG_KEY = 'ecs-alb-wizard:registration';

/**
 * Deregisters the family's other ACTIVE revisions that carry the same registration token as
 * `keep`: the copies a retried RegisterTaskDefinition left. Returns their ARNs.
 */
export async function dropTwins(deps: StepDeps, family: string, keep: string, token: string): Promise<string[]> {
  const listed = await deps.clients.ecs.send(
    new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 100 }),
    { abortSignal: deps.signal },
  );
  const dropped: string[] = [];
  for (const arn of listed.taskDefinitionArns ?? []) {
    if (arn === keep) continue;
    const { tags } = await deps.clients.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }), {
      abortSignal: deps.signal,
    });
    if (!hasStackTag(tags, deps.stack) || tagValue(tags, REGISTRATION_TAG_KEY) !== token) continue;
    await deps.clients.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }), {
      abortSignal: deps.signal,
    });
    dropped.push(arn);
  }
  return dropped;
}

export function tagValue(tags: Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.key === key)?.value;
}
