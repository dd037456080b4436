import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import type { Runtime } from '../runtime.js';
import type { Listener, LoadBalancer, Rule, TargetGroup } from '../world.js';

/** A load balancer's state as AWS reports it: provisioning until its time is up, then active. */
export function lbState(lb: LoadBalancer, now = Date.now()): 'provisioning' | 'active' {
  return now >= lb.activeAt ? 'active' : 'provisioning';
}

export function findLb(rt: Runtime, arn: string | undefined): LoadBalancer {
  const lb = rt.world.elb.loadBalancers.find((l) => l.arn === arn);
  if (!lb) throw new SandboxError('LoadBalancerNotFound', 'One or more load balancers not found');
  return lb;
}

export function findTg(rt: Runtime, arn: string | undefined): TargetGroup {
  const tg = rt.world.elb.targetGroups.find((t) => t.arn === arn);
  if (!tg) throw new SandboxError('TargetGroupNotFound', 'One or more target groups not found');
  return tg;
}

export function findListener(rt: Runtime, arn: string | undefined): Listener {
  const listener = rt.world.elb.listeners.find((l) => l.arn === arn);
  if (!listener) throw new SandboxError('ListenerNotFound', 'One or more listeners not found');
  return listener;
}

export function findRule(rt: Runtime, arn: string | undefined): Rule {
  const rule = rt.world.elb.rules.find((r) => r.arn === arn);
  if (!rule) throw new SandboxError('RuleNotFound', 'One or more rules not found');
  return rule;
}

/** The target groups an action list forwards to (`TargetGroupArn` or `ForwardConfig`). */
export function forwardedGroups(actions: Action[]): string[] {
  return actions
    .flatMap((a) =>
      a.Type === 'forward'
        ? [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((t) => t.TargetGroupArn)]
        : [],
    )
    .filter((arn, i, all): arn is string => typeof arn === 'string' && all.indexOf(arn) === i);
}

/** The load balancers whose listeners or rules forward to the target group. */
export function tgLoadBalancerArns(rt: Runtime, tgArn: string): string[] {
  const { listeners, rules } = rt.world.elb;
  const viaListeners = listeners.filter((l) => forwardedGroups(l.defaultActions).includes(tgArn));
  const viaRules = rules
    .filter((r) => forwardedGroups(r.actions).includes(tgArn))
    .map((r) => listeners.find((l) => l.arn === r.listenerArn))
    .filter((l): l is Listener => l !== undefined);
  return [...new Set([...viaListeners, ...viaRules].map((l) => l.loadBalancerArn))];
}

/** The active load balancer in front of the group, if any: health checks run only then. */
export function activeLbOf(rt: Runtime, tgArn: string): LoadBalancer | undefined {
  const arns = tgLoadBalancerArns(rt, tgArn);
  return rt.world.elb.loadBalancers.find((lb) => arns.includes(lb.arn) && lbState(lb) === 'active');
}
