import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListTaskDefinitionsCommand,
} from '@aws-sdk/client-ecs';
import { isAwsError } from './errors.js';
import { allPages, stackTagValue, type FindDeps, type FoundResource } from './find-owned.js';
import { stackNames } from './names.js';

/** `arn:aws:ecs:r:a:task-definition/demo-hostname:3` → `demo-hostname:3`. */
function familyRevision(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** Every ACTIVE revision of the family `<stack>-hostname`, each with its stack tag. */
export async function findTaskDefinitions(deps: FindDeps): Promise<FoundResource[]> {
  const family = stackNames(deps.stack).taskFamily;
  const { items: arns } = await allPages(async (token) => {
    const out = await deps.clients.ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: family,
        status: 'ACTIVE',
        ...(token ? { nextToken: token } : {}),
      }),
      { abortSignal: deps.signal },
    );
    return { items: out.taskDefinitionArns ?? [], next: out.nextToken };
  });
  const found: FoundResource[] = [];
  for (const arn of arns) {
    const label = familyRevision(arn);
    if (label.slice(0, label.lastIndexOf(':')) !== family) continue;
    try {
      const out = await deps.clients.ecs.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
        { abortSignal: deps.signal },
      );
      if (out.taskDefinition?.status !== 'ACTIVE') continue;
      found.push({ kind: 'task-definition', id: arn, label, taggedFor: stackTagValue(out.tags) });
    } catch (error) {
      if (isAwsError(error, 'ClientException')) continue; // deregistered and forgotten meanwhile
      throw error;
    }
  }
  return found;
}

/** `arn:aws:ecs:r:a:cluster/ecs-demo` → `ecs-demo`. */
function clusterName(arnOrName: string): string {
  return arnOrName.slice(arnOrName.lastIndexOf('/') + 1);
}

/**
 * The clusters of the region (at most `MAX_PAGES` pages of 100), for when the saved record does
 * not say which cluster the stack used; `truncated` says some were not listed.
 */
export async function listClusters(deps: FindDeps): Promise<{ clusters: string[]; truncated: boolean }> {
  const { items, truncated } = await allPages(async (token) => {
    const out = await deps.clients.ecs.send(new ListClustersCommand(token ? { nextToken: token } : {}), {
      abortSignal: deps.signal,
    });
    return { items: out.clusterArns ?? [], next: out.nextToken };
  });
  return { clusters: items.map(clusterName), truncated };
}

/**
 * The service `<stack>-svc` in each of `clusters`, when ACTIVE (DRAINING and INACTIVE count as gone,
 * as in teardown), with its stack tag.
 */
export async function findServices(deps: FindDeps, clusters: readonly string[]): Promise<FoundResource[]> {
  const name = stackNames(deps.stack).service;
  const found: FoundResource[] = [];
  for (const cluster of clusters) {
    try {
      const out = await deps.clients.ecs.send(
        new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }),
        { abortSignal: deps.signal },
      );
      for (const svc of out.services ?? []) {
        if (svc.status !== 'ACTIVE' || !svc.serviceArn) continue;
        found.push({
          kind: 'service',
          id: svc.serviceArn,
          label: name,
          details: { cluster: clusterName(cluster) },
          taggedFor: stackTagValue(svc.tags),
        });
      }
    } catch (error) {
      if (isAwsError(error, 'ClusterNotFoundException')) continue;
      throw error;
    }
  }
  return found;
}
