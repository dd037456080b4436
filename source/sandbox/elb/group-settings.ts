import type { SandboxClock } from '../contracts.js';
import type { TargetGroup } from '../world.js';

/** How a node picks among a group's targets (`load_balancing.algorithm.type`). */
export type Algorithm = 'round_robin' | 'least_outstanding_requests' | 'weighted_random';

/** The target group attributes that change where a node sends a request, read once per change. */
export type GroupSettings = {
  /** `load_balancing.cross_zone.enabled`: an ALB's own setting is always on, so only `false` turns it off. */
  crossZone: boolean;
  algorithm: Algorithm;
  /** Load balancer cookie stickiness (`stickiness.type` lb_cookie), with the cookie's lifetime in real ms. */
  stickiness?: { durationMs: number };
  /** `slow_start.duration_seconds` in real ms; 0 when off. */
  slowStartMs: number;
  /** Since when slow start is on (real epoch ms): only targets healthy after that ramp up. */
  slowStartOnSince: number;
  /** `target_group_health.dns_failover.minimum_healthy_targets.*`; undefined when `off`. */
  dnsFailover: { count?: number; percentage?: number };
};

function limit(value: string | undefined): number | undefined {
  if (value === undefined || value === 'off') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The routing settings of a target group, AWS durations scaled to real time by the sandbox clock. */
export function groupSettings(tg: TargetGroup, clock: SandboxClock): GroupSettings {
  const a = tg.attributes;
  const algorithm = (a['load_balancing.algorithm.type'] ?? 'round_robin') as Algorithm;
  const sticky = a['stickiness.enabled'] === 'true' && (a['stickiness.type'] ?? 'lb_cookie') === 'lb_cookie';
  const duration = Number(a['stickiness.lb_cookie.duration_seconds'] ?? 86400);
  return {
    crossZone: a['load_balancing.cross_zone.enabled'] !== 'false',
    algorithm,
    ...(sticky ? { stickiness: { durationMs: clock.real(duration * 1000) } } : {}),
    slowStartMs: clock.real(Number(a['slow_start.duration_seconds'] ?? 0) * 1000),
    slowStartOnSince: tg.slowStartOnSince ?? 0,
    dnsFailover: {
      count: limit(a['target_group_health.dns_failover.minimum_healthy_targets.count'] ?? '1'),
      percentage: limit(a['target_group_health.dns_failover.minimum_healthy_targets.percentage']),
    },
  };
}
