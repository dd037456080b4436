import { SandboxError } from '../contracts.js';

const invalid = (key: string, value: string) =>
  new SandboxError('ValidationError', `Target group attribute '${key}' has an invalid value '${value}'`);

const whole = (value: string): number | undefined => (/^\d+$/.test(value) ? Number(value) : undefined);

function oneOf(...allowed: string[]) {
  return (key: string, value: string): void => {
    if (!allowed.includes(value)) throw invalid(key, value);
  };
}

function range(min: number, max: number, also: number[] = []) {
  return (key: string, value: string): void => {
    const n = whole(value);
    if (n === undefined || ((n < min || n > max) && !also.includes(n)))
      throw new SandboxError(
        'ValidationError',
        `Target group attribute '${key}' must be ${also.length > 0 ? `${also.join(', ')} or ` : ''}between ${min} and ${max}, got '${value}'`,
      );
  };
}

function offOr(min: number, max: number) {
  const inRange = range(min, max);
  return (key: string, value: string): void => {
    if (value !== 'off') inRange(key, value);
  };
}

/**
 * The value rules of every target group attribute an HTTP instance group of an ALB accepts
 * (ModifyTargetGroupAttributes), with the ranges AWS documents for TargetGroupAttribute.
 */
export const attributeRules: Readonly<Record<string, (key: string, value: string) => void>> = {
  'deregistration_delay.timeout_seconds': range(0, 3600),
  'stickiness.enabled': oneOf('true', 'false'),
  'stickiness.type': oneOf('lb_cookie', 'app_cookie'),
  'stickiness.lb_cookie.duration_seconds': range(1, 604800),
  'stickiness.app_cookie.duration_seconds': range(1, 604800),
  'stickiness.app_cookie.cookie_name': (key, value) => {
    if (/^AWSALB/i.test(value))
      throw new SandboxError(
        'ValidationError',
        `Target group attribute '${key}' cannot start with AWSALB, AWSALBAPP or AWSALBTG: those names are reserved for the load balancer`,
      );
  },
  'slow_start.duration_seconds': range(30, 900, [0]),
  'load_balancing.algorithm.type': oneOf('round_robin', 'least_outstanding_requests', 'weighted_random'),
  'load_balancing.algorithm.anomaly_mitigation': oneOf('on', 'off'),
  'load_balancing.cross_zone.enabled': oneOf('true', 'false', 'use_load_balancer_configuration'),
  'target_group_health.dns_failover.minimum_healthy_targets.count': offOr(1, 5000),
  'target_group_health.dns_failover.minimum_healthy_targets.percentage': offOr(1, 100),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.count': range(1, 5000),
  'target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage': offOr(1, 100),
};

/**
 * The rules that tie attributes together, checked on the group's attributes as they would be
 * after the change: AWS refuses slow start with weighted random (in its words) or with least
 * outstanding requests, anomaly mitigation without weighted random, and stickiness with
 * cross-zone load balancing off.
 */
export function checkCombination(attributes: Readonly<Record<string, string>>): void {
  const algorithm = attributes['load_balancing.algorithm.type'];
  if (algorithm === 'weighted_random' && Number(attributes['slow_start.duration_seconds'] ?? 0) > 0)
    throw new SandboxError(
      'InvalidConfigurationRequest',
      'You cannot enable both slow start and weighted random algorithm on a target group',
    );
  if (algorithm === 'least_outstanding_requests' && Number(attributes['slow_start.duration_seconds'] ?? 0) > 0)
    throw new SandboxError(
      'InvalidConfigurationRequest',
      'You cannot enable both slow start and least outstanding requests algorithm on a target group',
    );
  if (algorithm !== 'weighted_random' && attributes['load_balancing.algorithm.anomaly_mitigation'] === 'on')
    throw new SandboxError(
      'InvalidConfigurationRequest',
      'Anomaly mitigation is only available with the weighted_random load balancing algorithm',
    );
  if (attributes['stickiness.enabled'] === 'true' && attributes['load_balancing.cross_zone.enabled'] === 'false')
    throw new SandboxError(
      'InvalidConfigurationRequest',
      'Target stickiness is not supported when cross-zone load balancing is off for the target group',
    );
}
