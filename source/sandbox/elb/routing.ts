import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { globMatch } from '../glob.js';
import type { Listener, Rule } from '../world.js';

/**
 * The actions a listener applies to a request: its rules by ascending priority (every condition
 * must match; path-pattern globs on the path without the query string, host-header
 * case-insensitive), else its default actions.
 */
export function routeRequest(listener: Listener, rules: Rule[], path: string, host: string): Action[] {
  const ordered = rules.filter((r) => r.listenerArn === listener.arn).sort((a, b) => a.priority - b.priority);
  const cleanPath = path.split('?')[0] ?? path;
  const hostName = (host.split(':')[0] ?? host).toLowerCase();
  for (const rule of ordered) {
    const matched = rule.conditions.every((c) => {
      const values = c.Values ?? [];
      if (c.Field === 'path-pattern') return values.some((v) => globMatch(v, cleanPath));
      if (c.Field === 'host-header') return values.some((v) => globMatch(v.toLowerCase(), hostName));
      return false;
    });
    if (matched) return rule.actions;
  }
  return listener.defaultActions;
}

/** The candidates ALB spreads requests over, and whether it is failing open. */
export type Candidates<T> = { targets: T[]; failOpen: boolean };

/**
 * Healthy targets; when none is healthy but every registered, non-draining target is unhealthy,
 * ALB "fails open" and routes to all of them. Otherwise (none registered, only initial or draining
 * targets) there is nothing to route to and the load balancer answers 503.
 */
export function routableTargets<T>(targets: { target: T; state: string }[]): Candidates<T> {
  const healthy = targets.filter((t) => t.state === 'healthy');
  if (healthy.length > 0) return { targets: healthy.map((t) => t.target), failOpen: false };
  const serving = targets.filter((t) => t.state !== 'draining');
  if (serving.length > 0 && serving.every((t) => t.state === 'unhealthy')) return { targets: serving.map((t) => t.target), failOpen: true };
  return { targets: [], failOpen: false };
}
