import type { Runtime } from '../runtime.js';
import { bindHandler, type QueryHandler } from '../wire/query-protocol.js';
import {
  createListener,
  createRule,
  deleteListener,
  deleteRule,
  describeListeners,
  describeRules,
} from './listeners.js';
import { createLoadBalancer, deleteLoadBalancer, describeLoadBalancers } from './load-balancers.js';
import { addTags, describeTags, removeTags } from './tags.js';
import type { TargetRegistry } from './targets.js';
import { createTargetGroup, deleteTargetGroup, describeTargetGroups, modifyTargetGroup } from './target-groups.js';
import { describeTargetGroupAttributes, modifyTargetGroupAttributes } from './tg-attributes.js';

/** The ELBv2 operations the sandbox serves (awsQuery 2015-12-01). */
export function elbHandlers(rt: Runtime, targets: TargetRegistry): Record<string, QueryHandler> {
  const h = <I>(fn: (rt: Runtime, input: I) => unknown): QueryHandler => bindHandler(rt, fn);
  return {
    CreateLoadBalancer: h(createLoadBalancer),
    DescribeLoadBalancers: h(describeLoadBalancers),
    DeleteLoadBalancer: h(deleteLoadBalancer),
    CreateTargetGroup: h(createTargetGroup),
    DescribeTargetGroups: h(describeTargetGroups),
    DeleteTargetGroup: h(deleteTargetGroup),
    ModifyTargetGroup: h(modifyTargetGroup),
    DescribeTargetGroupAttributes: h(describeTargetGroupAttributes),
    ModifyTargetGroupAttributes: h(modifyTargetGroupAttributes),
    CreateListener: h(createListener),
    DescribeListeners: h(describeListeners),
    DeleteListener: h(deleteListener),
    CreateRule: h(createRule),
    DescribeRules: h(describeRules),
    DeleteRule: h(deleteRule),
    RegisterTargets: bindHandler(targets, (t, input: Parameters<TargetRegistry['registerTargets']>[0]) =>
      t.registerTargets(input),
    ),
    DeregisterTargets: bindHandler(targets, (t, input: Parameters<TargetRegistry['deregisterTargets']>[0]) =>
      t.deregisterTargets(input),
    ),
    DescribeTargetHealth: bindHandler(targets, (t, input: Parameters<TargetRegistry['describeTargetHealth']>[0]) =>
      t.describeTargetHealth(input),
    ),
    AddTags: h(addTags),
    DescribeTags: h(describeTags),
    RemoveTags: h(removeTags),
  };
}
