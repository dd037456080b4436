import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ELB_NOT_FOUND } from './elbv2-tags.js';
import { isAwsError } from './errors.js';
import { allPages, stackTagValue, type FindDeps, type FoundResource } from './find-owned.js';
import { stackNames } from './names.js';

/** ELBv2 DescribeTags takes at most 20 ARNs a call. */
const TAGS_PER_CALL = 20;

/** The stack tag of each ARN (undefined: untagged); an ARN gone meanwhile is left out. */
async function tagsOf(deps: FindDeps, arns: string[]): Promise<Map<string, string | undefined>> {
  const tags = new Map<string, string | undefined>();
  for (let i = 0; i < arns.length; i += TAGS_PER_CALL) {
    const batch = arns.slice(i, i + TAGS_PER_CALL);
    try {
      const out = await deps.clients.elbv2.send(new DescribeTagsCommand({ ResourceArns: batch }), {
        abortSignal: deps.signal,
      });
      for (const d of out.TagDescriptions ?? []) if (d.ResourceArn) tags.set(d.ResourceArn, stackTagValue(d.Tags));
    } catch (error) {
      if (!isAwsError(error, ...ELB_NOT_FOUND)) throw error;
      if (batch.length === 1) continue; // gone meanwhile
      // One ARN of the batch is gone: ask one by one, so the rest still get their tags.
      for (const arn of batch) for (const [k, v] of await tagsOf(deps, [arn])) tags.set(k, v);
    }
  }
  return tags;
}

async function named<T>(lookup: () => Promise<T[] | undefined>): Promise<T[]> {
  try {
    return (await lookup()) ?? [];
  } catch (error) {
    if (isAwsError(error, ...ELB_NOT_FOUND)) return [];
    throw error;
  }
}

/** The target group `<stack>-tg`, if it exists, with its stack tag. */
export async function findTargetGroups(deps: FindDeps): Promise<FoundResource[]> {
  const name = stackNames(deps.stack).targetGroup;
  const groups = await named(async () => {
    const out = await deps.clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }), {
      abortSignal: deps.signal,
    });
    return out.TargetGroups;
  });
  const arns = groups.flatMap((g) => (g.TargetGroupArn ? [g.TargetGroupArn] : []));
  const tags = await tagsOf(deps, arns);
  return arns
    .filter((arn) => tags.has(arn))
    .map((arn) => ({ kind: 'target-group', id: arn, label: name, taggedFor: tags.get(arn) }));
}

/** The load balancer `<stack>-alb`, in whatever state (provisioning, active, failed), with its stack tag. */
export async function findLoadBalancers(deps: FindDeps): Promise<FoundResource[]> {
  const name = stackNames(deps.stack).loadBalancer;
  const lbs = await named(async () => {
    const out = await deps.clients.elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }), {
      abortSignal: deps.signal,
    });
    return out.LoadBalancers;
  });
  const arns = lbs.flatMap((lb) => (lb.LoadBalancerArn ? [lb.LoadBalancerArn] : []));
  const tags = await tagsOf(deps, arns);
  return arns
    .filter((arn) => tags.has(arn))
    .map((arn) => ({ kind: 'load-balancer', id: arn, label: name, taggedFor: tags.get(arn) }));
}

function ruleLabel(rule: Rule): string {
  const paths = (rule.Conditions ?? []).flatMap((c) =>
    c.Field === 'path-pattern' ? [...(c.PathPatternConfig?.Values ?? c.Values ?? [])] : [],
  );
  return paths.length > 0 ? `path-pattern ${paths.join(',')} \u2192 target group` : `priority ${rule.Priority} rule`;
}

/**
 * Every listener of the load balancer `lbArn` and every rule on them but the default one (which
 * goes with its listener), with their stack tags.
 */
export async function findListenersAndRules(deps: FindDeps, lbArn: string): Promise<FoundResource[]> {
  const { items: listeners } = await allPages(async (marker) => {
    const out = await named(async () => {
      const page = await deps.clients.elbv2.send(
        new DescribeListenersCommand({ LoadBalancerArn: lbArn, ...(marker ? { Marker: marker } : {}) }),
        { abortSignal: deps.signal },
      );
      return [page];
    });
    return { items: out[0]?.Listeners ?? [], next: out[0]?.NextMarker };
  });
  const found: Omit<FoundResource, 'taggedFor'>[] = [];
  for (const listener of listeners) {
    if (!listener.ListenerArn) continue;
    found.push({ kind: 'listener', id: listener.ListenerArn, label: `HTTP :${listener.Port} \u2192 target group` });
    const { items: rules } = await allPages(async (marker) => {
      const out = await named(async () => {
        const page = await deps.clients.elbv2.send(
          new DescribeRulesCommand({ ListenerArn: listener.ListenerArn, ...(marker ? { Marker: marker } : {}) }),
          { abortSignal: deps.signal },
        );
        return [page];
      });
      return { items: out[0]?.Rules ?? [], next: out[0]?.NextMarker };
    });
    for (const rule of rules)
      if (rule.RuleArn && !rule.IsDefault)
        found.push({ kind: 'listener-rule', id: rule.RuleArn, label: ruleLabel(rule) });
  }
  const tags = await tagsOf(
    deps,
    found.map((f) => f.id),
  );
  return found.filter((f) => tags.has(f.id)).map((f) => ({ ...f, taggedFor: tags.get(f.id) }));
}
