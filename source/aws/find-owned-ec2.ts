import { DescribeSecurityGroupsCommand, type Filter, type SecurityGroup } from '@aws-sdk/client-ec2';
import { allPages, stackTagValue, type FindDeps, type FoundResource } from './find-owned.js';
import { stackNames } from './names.js';
import { STACK_TAG_KEY } from './tags.js';

async function describeGroups(deps: FindDeps, filters: Filter[]): Promise<SecurityGroup[]> {
  const { items } = await allPages(async (token) => {
    const out = await deps.clients.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: filters, ...(token ? { NextToken: token } : {}) }),
      { abortSignal: deps.signal },
    );
    return { items: out.SecurityGroups ?? [], next: out.NextToken };
  });
  return items;
}

/**
 * Security groups named `<stack>-alb-sg` (in `vpcId` when known, else in every VPC) and every
 * group tagged for the stack. A tagged group of another name is reported with `unknownKind`:
 * setup never makes one, so teardown leaves it for the user to judge.
 */
export async function findAlbGroups(deps: FindDeps, vpcId: string | undefined): Promise<FoundResource[]> {
  const name = stackNames(deps.stack).albSecurityGroup;
  const inVpc: Filter[] = vpcId ? [{ Name: 'vpc-id', Values: [vpcId] }] : [];
  const byName = await describeGroups(deps, [{ Name: 'group-name', Values: [name] }, ...inVpc]);
  const byTag = await describeGroups(deps, [{ Name: `tag:${STACK_TAG_KEY}`, Values: [deps.stack] }]);
  const seen = new Map<string, SecurityGroup>();
  // The instances' group of --create-cluster is the capacity finder's (find-owned-capacity.ts).
  const instances = stackNames(deps.stack).instanceSecurityGroup;
  for (const group of [...byName, ...byTag])
    if (group.GroupId && group.GroupName !== instances) seen.set(group.GroupId, group);
  return [...seen.values()].map((group) => ({
    kind: 'security-group',
    id: group.GroupId!,
    label: `${group.GroupId} (${group.GroupName})`,
    ...(group.VpcId ? { details: { vpcId: group.VpcId } } : {}),
    taggedFor: stackTagValue(group.Tags),
    ...(group.GroupName === name ? {} : { unknownKind: `setup names its security group ${name}` }),
  }));
}

/**
 * The TCP ingress rules, on any group, whose source is one of `albGroups` (the stack's load
 * balancer groups, by id with the stack they are tagged for): the rule setup adds on the
 * instances' group. Such a rule lets only that group in, so it belongs to whoever owns the group,
 * and EC2 refuses to delete the group while the rule exists. Found with the `ip-permission.group-id`
 * filter, so the instances' group need not be known.
 */
export async function findIngressRules(
  deps: FindDeps,
  albGroups: ReadonlyMap<string, string | undefined>,
): Promise<FoundResource[]> {
  if (albGroups.size === 0) return [];
  const groups = await describeGroups(deps, [{ Name: 'ip-permission.group-id', Values: [...albGroups.keys()] }]);
  const found: FoundResource[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      if (permission.IpProtocol !== 'tcp' || permission.FromPort === undefined || permission.ToPort === undefined)
        continue;
      for (const pair of permission.UserIdGroupPairs ?? []) {
        const source = pair.GroupId;
        if (!source || !albGroups.has(source) || source === group.GroupId) continue;
        const ports = `${permission.FromPort}-${permission.ToPort}`;
        found.push({
          kind: 'ingress-rule',
          id: `${group.GroupId}:${source}:tcp:${ports}`,
          label: `${group.GroupId} \u2190 ${source} tcp ${ports}`,
          details: {
            groupId: group.GroupId!,
            sourceGroupId: source,
            fromPort: String(permission.FromPort),
            toPort: String(permission.ToPort),
          },
          taggedFor: albGroups.get(source),
        });
      }
    }
  }
  return found;
}
