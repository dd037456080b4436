import { CreateRuleCommand, DescribeRulesCommand, type Rule } from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbOwnership } from '../aws/elbv2-tags.js';
import { stackTags } from '../aws/tags.js';
import { createOnce } from './create-once.js';
import type { RecordResource, StepDeps } from './types.js';

/** True when a (non-default) rule sends `pattern` to the target group. */
function forwardsTo(rule: Rule, targetGroupArn: string, pattern: string): boolean {
  const matches = (rule.Conditions ?? []).some(
    (c) =>
      c.Field === 'path-pattern' && [...(c.Values ?? []), ...(c.PathPatternConfig?.Values ?? [])].includes(pattern),
  );
  const forwards = (rule.Actions ?? []).some(
    (a) =>
      a.Type === 'forward' &&
      (a.TargetGroupArn === targetGroupArn ||
        a.ForwardConfig?.TargetGroups?.some((t) => t.TargetGroupArn === targetGroupArn)),
  );
  return !rule.IsDefault && matches && forwards;
}

/**
 * The rule forwarding `pattern` to the target group: found, else created at the lowest free
 * priority. CreateRule has no client token and is not idempotent: a call whose answer was lost
 * and that the SDK retried fails with PriorityInUse on the rule the first attempt made, which is
 * then found and adopted (when it carries this stack's tag).
 */
export async function ensureRule(
  deps: StepDeps,
  listenerArn: string,
  tgArn: string,
  pattern: string,
  record: RecordResource,
): Promise<string> {
  let rules: Rule[] = [];
  const { value: arn, how } = await createOnce<string>({
    async find() {
      const out = await deps.clients.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }), {
        abortSignal: deps.signal,
      });
      rules = out.Rules ?? [];
      return rules.find((r) => forwardsTo(r, tgArn, pattern))?.RuleArn;
    },
    async create() {
      const used = new Set(rules.map((r) => Number(r.Priority)).filter(Number.isFinite));
      let priority = 1;
      while (used.has(priority)) priority++;
      const created = await deps.clients.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: priority,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: [pattern] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
          Tags: stackTags(deps.stack),
        }),
        { abortSignal: deps.signal },
      );
      const ruleArn = created.Rules?.[0]?.RuleArn;
      if (!ruleArn) throw new Error('CreateRule returned no ARN');
      return ruleArn;
    },
    duplicate: ['PriorityInUse'],
    async claim(found) {
      if ((await elbOwnership(deps.clients.elbv2, found, deps.stack, deps.signal)) !== 'ours')
        throw new Error(
          `the listener already has a rule forwarding ${pattern} to the target group that is not tagged for stack '${deps.stack}' (${found}); delete it or pick another --path-pattern`,
        );
    },
  });
  record({ kind: 'listener-rule', id: arn, label: `path-pattern ${pattern} \u2192 target group` }, how === 'found');
  return arn;
}
