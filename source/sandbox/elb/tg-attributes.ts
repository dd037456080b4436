import type {
  DescribeTargetGroupAttributesInput,
  ModifyTargetGroupAttributesInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import type { Runtime } from '../runtime.js';
import type { TargetGroup } from '../world.js';
import { findTg } from './lookup.js';
import { attributeRules, checkCombination } from './tg-attribute-rules.js';

/** Target group attributes and their defaults, as a new HTTP instance target group has them on AWS. */
export const defaultAttributes: Readonly<Record<string, string>> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
  'stickiness.app_cookie.cookie_name': '',
  'stickiness.app_cookie.duration_seconds': '86400',
  'slow_start.duration_seconds': '0',
  'load_balancing.algorithm.type': 'round_robin',
  'load_balancing.algorithm.anomaly_mitigation': 'off',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': 'off',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': '1',
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': 'off',
};

function attributes(tg: TargetGroup) {
  return { Attributes: Object.entries(tg.attributes).map(([Key, Value]) => ({ Key, Value })) };
}

/** ELBv2 DescribeTargetGroupAttributes. */
export function describeTargetGroupAttributes(rt: Runtime, input: DescribeTargetGroupAttributesInput) {
  return attributes(findTg(rt, input.TargetGroupArn));
}

/**
 * ELBv2 ModifyTargetGroupAttributes: known keys only, each value by its rule, and the group's
 * attributes as they would be after the change by the rules that tie them together; nothing is
 * changed when any of it fails. The data plane routes by the new values from the next request on.
 */
export function modifyTargetGroupAttributes(rt: Runtime, input: ModifyTargetGroupAttributesInput) {
  const tg = findTg(rt, input.TargetGroupArn);
  const next = { ...tg.attributes };
  for (const { Key: key = '', Value: value = '' } of input.Attributes ?? []) {
    const rule = attributeRules[key];
    if (!rule) throw new SandboxError('ValidationError', `Target group attribute key '${key}' is not recognized`);
    rule(key, value);
    next[key] = value;
  }
  checkCombination(next);
  const slowStart = (a: Record<string, string>) => Number(a['slow_start.duration_seconds'] ?? 0) > 0;
  if (!slowStart(next)) delete tg.slowStartOnSince;
  else if (!slowStart(tg.attributes)) tg.slowStartOnSince = Date.now();
  tg.attributes = next;
  rt.changed();
  rt.kick();
  return attributes(tg);
}
