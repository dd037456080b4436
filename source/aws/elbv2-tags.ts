import { DescribeTagsCommand, type ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { isAwsError } from './errors.js';
import { hasStackTag } from './tags.js';

/** The not-found error names ELBv2 uses for the resources the wizard creates. */
export const ELB_NOT_FOUND = ['LoadBalancerNotFound', 'TargetGroupNotFound', 'ListenerNotFound', 'RuleNotFound'];

/**
 * Whether an ELBv2 resource exists and carries this stack's tag: `missing`, `ours` or `foreign`.
 * Teardown deletes only `ours`.
 */
export async function elbOwnership(
  client: ElasticLoadBalancingV2Client,
  arn: string,
  stack: string,
  signal?: AbortSignal,
): Promise<'missing' | 'ours' | 'foreign'> {
  try {
    const out = await client.send(new DescribeTagsCommand({ ResourceArns: [arn] }), { abortSignal: signal });
    const description = out.TagDescriptions?.find((d) => d.ResourceArn === arn) ?? out.TagDescriptions?.[0];
    if (!description) return 'missing';
    return hasStackTag(description.Tags, stack) ? 'ours' : 'foreign';
  } catch (error) {
    if (isAwsError(error, ...ELB_NOT_FOUND)) return 'missing';
    throw error;
  }
}
