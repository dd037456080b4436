import type {
  CreateListenerInput,
  CreateRuleInput,
  DeleteListenerInput,
  DeleteRuleInput,
  DescribeListenersInput,
  DescribeRulesInput,
  Listener as SdkListener,
  Rule as SdkRule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import { hex } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { Listener, Rule } from '../world.js';
import { normalizeActions, normalizeConditions } from './actions.js';
import { findListener, findLb, findRule } from './lookup.js';
import { validateRange } from './validate.js';

function toSdkListener(l: Listener): SdkListener {
  return {
    ListenerArn: l.arn,
    LoadBalancerArn: l.loadBalancerArn,
    Port: l.port,
    Protocol: l.protocol as SdkListener['Protocol'],
    DefaultActions: l.defaultActions,
  };
}

function toSdkRule(r: Rule): SdkRule {
  return {
    RuleArn: r.arn,
    Priority: String(r.priority),
    Conditions: r.conditions,
    Actions: r.actions,
    IsDefault: false,
  };
}

/** ELBv2 CreateListener (HTTP). The same port with the same settings returns the existing listener. */
export function createListener(rt: Runtime, input: CreateListenerInput) {
  const lb = findLb(rt, input.LoadBalancerArn);
  const protocol = input.Protocol ?? 'HTTP';
  if (protocol !== 'HTTP')
    throw new SandboxError('UnsupportedProtocol', `Protocol '${protocol}' is not supported by the sandbox: use HTTP`);
  if (input.Port === undefined) throw new SandboxError('ValidationError', 'A listener port must be specified');
  validateRange('Port', input.Port, 1, 65535);
  const actions = normalizeActions(rt, lb, input.DefaultActions);
  const existing = rt.world.elb.listeners.find((l) => l.loadBalancerArn === lb.arn && l.port === input.Port);
  if (existing) {
    if (JSON.stringify(existing.defaultActions) === JSON.stringify(actions))
      return { Listeners: [toSdkListener(existing)] };
    throw new SandboxError('DuplicateListener', 'A listener already exists on this port for this load balancer');
  }
  const lbPath = lb.arn.split(':loadbalancer/')[1] ?? '';
  const listener: Listener = {
    arn: `arn:aws:elasticloadbalancing:${rt.region}:${rt.accountId}:listener/${lbPath}/${hex(16)}`,
    loadBalancerArn: lb.arn,
    port: input.Port,
    protocol,
    defaultActions: actions,
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
  };
  rt.world.elb.listeners.push(listener);
  rt.changed();
  rt.kick();
  return { Listeners: [toSdkListener(listener)] };
}

/** ELBv2 DescribeListeners by load balancer or ARNs. */
export function describeListeners(rt: Runtime, input: DescribeListenersInput) {
  let listeners = rt.world.elb.listeners;
  if (input.LoadBalancerArn) {
    findLb(rt, input.LoadBalancerArn);
    listeners = listeners.filter((l) => l.loadBalancerArn === input.LoadBalancerArn);
  }
  if (input.ListenerArns?.length) {
    for (const arn of input.ListenerArns) findListener(rt, arn);
    listeners = listeners.filter((l) => input.ListenerArns?.includes(l.arn));
  }
  const { page, next } = paginate(listeners, input.Marker, input.PageSize, { min: 1, max: 400 });
  return { Listeners: page.map(toSdkListener), NextMarker: next };
}

/** ELBv2 DeleteListener: its rules go with it. */
export function deleteListener(rt: Runtime, input: DeleteListenerInput) {
  const listener = findListener(rt, input.ListenerArn);
  rt.world.elb.rules = rt.world.elb.rules.filter((r) => r.listenerArn !== listener.arn);
  rt.world.elb.listeners = rt.world.elb.listeners.filter((l) => l !== listener);
  rt.changed();
  rt.kick();
  return {};
}

/** ELBv2 CreateRule: path-pattern / host-header conditions; `PriorityInUse` on a taken priority. */
export function createRule(rt: Runtime, input: CreateRuleInput) {
  const listener = findListener(rt, input.ListenerArn);
  const lb = findLb(rt, listener.loadBalancerArn);
  if (input.Priority === undefined) throw new SandboxError('ValidationError', 'A rule priority must be specified');
  validateRange('Priority', input.Priority, 1, 50000);
  const conditions = normalizeConditions(input.Conditions);
  const actions = normalizeActions(rt, lb, input.Actions);
  if (rt.world.elb.rules.some((r) => r.listenerArn === listener.arn && r.priority === input.Priority)) {
    throw new SandboxError('PriorityInUse', `Priority '${input.Priority}' is currently in use`);
  }
  const listenerPath = listener.arn.split(':listener/')[1] ?? '';
  const rule: Rule = {
    arn: `arn:aws:elasticloadbalancing:${rt.region}:${rt.accountId}:listener-rule/${listenerPath}/${hex(16)}`,
    listenerArn: listener.arn,
    priority: input.Priority,
    conditions,
    actions,
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
  };
  rt.world.elb.rules.push(rule);
  rt.changed();
  rt.kick();
  return { Rules: [toSdkRule(rule)] };
}

/** ELBv2 DescribeRules: a listener's rules by priority, then its default rule. */
export function describeRules(rt: Runtime, input: DescribeRulesInput) {
  let rules: SdkRule[];
  if (input.ListenerArn) {
    const listener = findListener(rt, input.ListenerArn);
    const own = rt.world.elb.rules
      .filter((r) => r.listenerArn === listener.arn)
      .sort((a, b) => a.priority - b.priority);
    const listenerPath = listener.arn.split(':listener/')[1] ?? '';
    const defaultRule: SdkRule = {
      RuleArn: `arn:aws:elasticloadbalancing:${rt.region}:${rt.accountId}:listener-rule/${listenerPath}/default`,
      Priority: 'default',
      Conditions: [],
      Actions: listener.defaultActions,
      IsDefault: true,
    };
    rules = [...own.map(toSdkRule), defaultRule];
  } else {
    for (const arn of input.RuleArns ?? []) findRule(rt, arn);
    rules = rt.world.elb.rules.filter((r) => input.RuleArns?.includes(r.arn)).map(toSdkRule);
  }
  const { page, next } = paginate(rules, input.Marker, input.PageSize, { min: 1, max: 400 });
  return { Rules: page, NextMarker: next };
}

/** ELBv2 DeleteRule; the default rule cannot be deleted. */
export function deleteRule(rt: Runtime, input: DeleteRuleInput) {
  if (input.RuleArn?.endsWith('/default'))
    throw new SandboxError('OperationNotPermitted', 'Default rule cannot be deleted');
  const rule = findRule(rt, input.RuleArn);
  rt.world.elb.rules = rt.world.elb.rules.filter((r) => r !== rule);
  rt.changed();
  rt.kick();
  return {};
}
