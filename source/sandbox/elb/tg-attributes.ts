import type {
  DescribeTargetGroupAttributesInput,
  ModifyTargetGroupAttributesInput,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import type { Runtime } from '../runtime.js';
import type { TargetGroup } from '../world.js';
import { findTg } from './lookup.js';
import { validateRange } from './validate.js';

/** Target group attributes and their defaults, as a new HTTP instance target group has them on AWS. */
export const defaultAttributes: Readonly<Record<string, string>> = {
  'deregistration_delay.timeout_seconds': '300',
  'stickiness.enabled': 'false',
  'stickiness.type': 'lb_cookie',
  'stickiness.lb_cookie.duration_seconds': '86400',
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

/** ELBv2 ModifyTargetGroupAttributes: known keys only; the deregistration delay is 0-3600 s. */
export function modifyTargetGroupAttributes(rt: Runtime, input: ModifyTargetGroupAttributesInput) {
  const tg = findTg(rt, input.TargetGroupArn);
  for (const { Key: key = '', Value: value = '' } of input.Attributes ?? []) {
    if (!(key in defaultAttributes))
      throw new SandboxError('ValidationError', `Target group attribute key '${key}' is not recognized`);
    if (key === 'deregistration_delay.timeout_seconds')
      validateRange("Target group attribute 'deregistration_delay.timeout_seconds'", Number(value), 0, 3600);
    if (
      key === 'load_balancing.algorithm.type' &&
      !['round_robin', 'least_outstanding_requests', 'weighted_random'].includes(value)
    ) {
      throw new SandboxError(
        'ValidationError',
        `Target group attribute 'load_balancing.algorithm.type' has an invalid value '${value}'`,
      );
    }
  }
  for (const { Key: key = '', Value: value = '' } of input.Attributes ?? []) tg.attributes[key] = value;
  rt.changed();
  return attributes(tg);
}
