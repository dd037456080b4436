import type { Action, RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import type { Runtime } from '../runtime.js';
import type { LoadBalancer } from '../world.js';
import { findTg, forwardedGroups, tgLoadBalancerArns } from './lookup.js';

/**
 * Checks actions as ELBv2 does and returns them as AWS echoes them: a forward action carries both
 * `TargetGroupArn` and `ForwardConfig`. A target group serves one load balancer only.
 */
export function normalizeActions(rt: Runtime, lb: LoadBalancer, actions: Action[] | undefined): Action[] {
  if (!actions?.length) throw new SandboxError('ValidationError', 'At least one action must be specified');
  return actions.map((action, index) => {
    if (action.Type === 'fixed-response' || action.Type === 'redirect')
      return { ...action, Order: action.Order ?? index + 1 };
    if (action.Type !== 'forward')
      throw new SandboxError('ValidationError', `Action type '${action.Type ?? ''}' is not supported by the sandbox`);
    const [arn] = forwardedGroups([action]);
    const tg = findTg(rt, arn);
    if (tg.vpcId !== lb.vpcId)
      throw new SandboxError('ValidationError', `Target group '${tg.arn}' is not in the same VPC as the load balancer`);
    const others = tgLoadBalancerArns(rt, tg.arn).filter((a) => a !== lb.arn);
    if (others.length > 0) {
      throw new SandboxError(
        'TargetGroupAssociationLimit',
        `The following target groups cannot be associated with more than one load balancer: ${tg.arn}`,
      );
    }
    return {
      Type: 'forward',
      TargetGroupArn: tg.arn,
      ForwardConfig: {
        TargetGroups: [{ TargetGroupArn: tg.arn, Weight: 1 }],
        TargetGroupStickinessConfig: { Enabled: false },
      },
      Order: action.Order ?? index + 1,
    };
  });
}

/** Checks rule conditions and returns them as AWS echoes them (`Values` and the `*Config` both set). */
export function normalizeConditions(conditions: RuleCondition[] | undefined): RuleCondition[] {
  if (!conditions?.length) throw new SandboxError('ValidationError', 'A rule must have at least one condition');
  return conditions.map((condition) => {
    const field = condition.Field;
    if (field === 'path-pattern') {
      const values = condition.PathPatternConfig?.Values ?? condition.Values ?? [];
      if (values.length === 0)
        throw new SandboxError('ValidationError', "A 'path-pattern' condition must have at least one value");
      for (const v of values)
        if (v.length > 128)
          throw new SandboxError('ValidationError', `Path pattern '${v}' is longer than 128 characters`);
      return { Field: field, Values: values, PathPatternConfig: { Values: values } };
    }
    if (field === 'host-header') {
      const values = condition.HostHeaderConfig?.Values ?? condition.Values ?? [];
      return { Field: field, Values: values, HostHeaderConfig: { Values: values } };
    }
    throw new SandboxError('ValidationError', `Condition field '${field ?? ''}' is not supported by the sandbox`);
  });
}
