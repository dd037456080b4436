import { bindHandler, type QueryHandler } from '../wire/query-protocol.js';
import type { Runtime } from '../runtime.js';
import { createTags, describeSubnets, describeVpcs } from './describe.js';
import type { Fleet } from './fleet.js';
import { describeImages } from './images.js';
import { describeInstances, terminateInstances } from './instances.js';
import {
  createLaunchTemplate,
  deleteLaunchTemplate,
  describeLaunchTemplates,
  describeLaunchTemplateVersions,
} from './launch-templates.js';
import { describeNetworkInterfaces } from './network-interfaces.js';
import {
  associateRouteTable,
  createRoute,
  createRouteTable,
  deleteRoute,
  describeInternetGateways,
  describeNatGateways,
  describeRouteTables,
  modifySubnetAttribute,
} from './routes.js';
import { createSecurityGroup, deleteSecurityGroup, describeSecurityGroups } from './security-groups.js';
import { authorizeIngress, describeSecurityGroupRules, revokeIngress } from './sg-rules.js';

/** The EC2 operations the sandbox serves (ec2Query 2016-11-15). */
export function ec2Handlers(rt: Runtime, fleet: Fleet): Record<string, QueryHandler> {
  const h = <I>(fn: (rt: Runtime, input: I) => unknown): QueryHandler => bindHandler(rt, fn);
  const f = <I>(fn: (rt: Runtime, fleet: Fleet, input: I) => unknown): QueryHandler =>
    bindHandler(rt, (r, input: I) => fn(r, fleet, input));
  return {
    DescribeVpcs: h(describeVpcs),
    DescribeSubnets: h(describeSubnets),
    ModifySubnetAttribute: h(modifySubnetAttribute),
    DescribeSecurityGroups: h(describeSecurityGroups),
    CreateSecurityGroup: h(createSecurityGroup),
    DeleteSecurityGroup: h(deleteSecurityGroup),
    AuthorizeSecurityGroupIngress: h(authorizeIngress),
    RevokeSecurityGroupIngress: h(revokeIngress),
    DescribeSecurityGroupRules: h(describeSecurityGroupRules),
    CreateTags: h(createTags),
    DescribeInstances: f(describeInstances),
    TerminateInstances: f(terminateInstances),
    DescribeImages: h(describeImages),
    DescribeNetworkInterfaces: h(describeNetworkInterfaces),
    CreateLaunchTemplate: h(createLaunchTemplate),
    DescribeLaunchTemplates: h(describeLaunchTemplates),
    DescribeLaunchTemplateVersions: h(describeLaunchTemplateVersions),
    DeleteLaunchTemplate: h(deleteLaunchTemplate),
    DescribeRouteTables: h(describeRouteTables),
    CreateRouteTable: h(createRouteTable),
    AssociateRouteTable: h(associateRouteTable),
    CreateRoute: h(createRoute),
    DeleteRoute: h(deleteRoute),
    DescribeInternetGateways: h(describeInternetGateways),
    DescribeNatGateways: h(describeNatGateways),
  };
}
