import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { DescribeClustersCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import type { AccountResult, ClusterSummary } from '../model/results.js';
import type { Step, StepDeps } from './types.js';

async function listClusters(deps: StepDeps): Promise<ClusterSummary[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.clients.ecs.send(new ListClustersCommand({ nextToken }), { abortSignal: deps.signal });
    arns.push(...(page.clusterArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const clusters: ClusterSummary[] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const out = await deps.clients.ecs.send(new DescribeClustersCommand({ clusters: arns.slice(i, i + 100) }), {
      abortSignal: deps.signal,
    });
    for (const c of out.clusters ?? []) {
      if (!c.clusterName || !c.clusterArn) continue;
      clusters.push({
        name: c.clusterName,
        arn: c.clusterArn,
        instances: c.registeredContainerInstancesCount ?? 0,
        status: c.status ?? 'UNKNOWN',
      });
    }
  }
  return clusters.sort((a, b) => a.name.localeCompare(b.name));
}

/** Step 1: who and where. Also lists the clusters so the next question has its choices. */
export const accountStep: Step<AccountResult> = {
  id: 'account',
  title: 'Check the AWS account and region',
  why: 'Everything is created in this account and region; the memo assumed a configured ecs-cli. We only read here.',
  keys: [],
  questions: () => [],
  validate: () => undefined,
  async execute(_answers, deps) {
    let identity;
    try {
      identity = await deps.clients.sts.send(new GetCallerIdentityCommand({}), { abortSignal: deps.signal });
    } catch (cause) {
      throw new Error('check AWS credentials (sts get-caller-identity)', { cause });
    }
    let clusters;
    try {
      clusters = await listClusters(deps);
    } catch (cause) {
      throw new Error('list ECS clusters', { cause });
    }
    return {
      accountId: identity.Account ?? 'unknown',
      arn: identity.Arn ?? 'unknown',
      region: deps.clients.region,
      clusters,
    };
  },
  summary: (r) => [`account ${r.accountId} (${r.arn})`, `region ${r.region}`, `${r.clusters.length} ECS cluster(s)`],
  cli: () => ['aws sts get-caller-identity', 'aws ecs list-clusters'],
};
