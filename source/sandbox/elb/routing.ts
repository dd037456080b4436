import type { Action, FixedResponseActionConfig } from '@aws-sdk/client-elastic-load-balancing-v2';
import { globMatcher } from '../glob.js';
import type { Listener, Rule } from '../world.js';
import { forwardedGroups } from './lookup.js';

/** What a listener does with a request: a fixed response, forward to a group, or nothing (503). */
export type Decision =
  | { type: 'fixed'; config: FixedResponseActionConfig | undefined }
  | { type: 'forward'; targetGroupArn: string }
  | { type: 'none' };

/** The first action by `Order` decides: a fixed response, else the first group forwarded to. */
export function decide(actions: Action[]): Decision {
  const ordered = [...actions].sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0));
  if (ordered[0]?.Type === 'fixed-response') return { type: 'fixed', config: ordered[0].FixedResponseConfig };
  const [targetGroupArn] = forwardedGroups(ordered);
  return targetGroupArn === undefined ? { type: 'none' } : { type: 'forward', targetGroupArn };
}

type Match = (path: string, host: string) => boolean;

/** A listener's routing, compiled once per change: its rules by priority, then the default. */
export type ListenerRoutes = { rules: { matches: Match; decision: Decision }[]; fallback: Decision };

/**
 * Compiles the rules of `listener` (from all `rules`): every condition must match; path-pattern
 * globs on the path without the query string, host-header case-insensitive on the host without port.
 */
export function compileRoutes(listener: Listener, rules: Rule[]): ListenerRoutes {
  const own = rules.filter((r) => r.listenerArn === listener.arn).sort((a, b) => a.priority - b.priority);
  return {
    rules: own.map((rule) => {
      const checks = rule.conditions.map((c): Match => {
        const values = c.Values ?? [];
        if (c.Field === 'path-pattern') {
          const globs = values.map(globMatcher);
          return (path) => globs.some((g) => g(path));
        }
        if (c.Field === 'host-header') {
          const globs = values.map((v) => globMatcher(v.toLowerCase()));
          return (_path, host) => globs.some((g) => g(host));
        }
        return () => false;
      });
      return { matches: (path, host) => checks.every((check) => check(path, host)), decision: decide(rule.actions) };
    }),
    fallback: decide(listener.defaultActions),
  };
}

/** The decision for one request: the first rule that matches, else the listener's default. */
export function routeRequest(routes: ListenerRoutes, url: string, hostHeader: string): Decision {
  const path = url.split('?')[0] ?? url;
  const host = (hostHeader.split(':')[0] ?? hostHeader).toLowerCase();
  for (const rule of routes.rules) if (rule.matches(path, host)) return rule.decision;
  return routes.fallback;
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
  if (serving.length > 0 && serving.every((t) => t.state === 'unhealthy'))
    return { targets: serving.map((t) => t.target), failOpen: true };
  return { targets: [], failOpen: false };
}
