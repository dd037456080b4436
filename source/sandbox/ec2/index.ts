import { bindHandler, type QueryHandler } from '../wire/query-protocol.js';
import type { Runtime } from '../runtime.js';
import { createTags, describeInstances, describeSubnets, describeVpcs } from './describe.js';
import { describeNetworkInterfaces } from './network-interfaces.js';
import { createSecurityGroup, deleteSecurityGroup, describeSecurityGroups } from './security-groups.js';
import { authorizeIngress, describeSecurityGroupRules, revokeIngress } from './sg-rules.js';

/** The EC2 operations the sandbox serves (ec2Query 2016-11-15). */
export function ec2Handlers(rt: Runtime): Record<string, QueryHandler> {
  const h = <I>(fn: (rt: Runtime, input: I) => unknown): QueryHandler => bindHandler(rt, fn);
  return {
    DescribeVpcs: h(describeVpcs),
    DescribeSubnets: h(describeSubnets),
    DescribeSecurityGroups: h(describeSecurityGroups),
    CreateSecurityGroup: h(createSecurityGroup),
    DeleteSecurityGroup: h(deleteSecurityGroup),
    AuthorizeSecurityGroupIngress: h(authorizeIngress),
    RevokeSecurityGroupIngress: h(revokeIngress),
    DescribeSecurityGroupRules: h(describeSecurityGroupRules),
    CreateTags: h(createTags),
    DescribeInstances: h(describeInstances),
    DescribeNetworkInterfaces: h(describeNetworkInterfaces),
  };
}
