import type {
  AuthorizeSecurityGroupIngressRequest,
  AuthorizeSecurityGroupIngressResult,
  DescribeSecurityGroupRulesRequest,
  DescribeSecurityGroupRulesResult,
  IpPermission,
  RevokeSecurityGroupIngressRequest,
  RevokeSecurityGroupIngressResult,
} from '@aws-sdk/client-ec2';
import { SandboxError } from '../contracts.js';
import { ec2Id } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { SgRule } from '../world.js';
import { applyFilters, tagsFor } from './filters.js';
import { findGroup, groupNotFound } from './security-groups.js';
import { describeRule, normalizeProtocol, sameRule, toSecurityGroupRule } from './sg-rules-shape.js';

type Draft = Omit<SgRule, 'id' | 'tags'>;

function legacyPermissions(input: AuthorizeSecurityGroupIngressRequest): IpPermission[] {
  if (input.IpPermissions?.length) return input.IpPermissions;
  if (!input.CidrIp && !input.SourceSecurityGroupName) return [];
  return [
    {
      IpProtocol: input.IpProtocol,
      FromPort: input.FromPort,
      ToPort: input.ToPort,
      IpRanges: input.CidrIp ? [{ CidrIp: input.CidrIp }] : [],
    },
  ];
}

function drafts(rt: Runtime, groupId: string, permissions: IpPermission[]): Draft[] {
  return permissions.flatMap((p) => {
    const protocol = normalizeProtocol(p.IpProtocol);
    const fromPort = protocol === '-1' ? -1 : (p.FromPort ?? -1);
    const toPort = protocol === '-1' ? -1 : (p.ToPort ?? -1);
    if ((protocol === 'tcp' || protocol === 'udp') && (fromPort < 0 || toPort > 65535 || fromPort > toPort)) {
      throw new SandboxError('InvalidParameterValue', `Invalid port range: ${fromPort}-${toPort}`);
    }
    const base = { groupId, egress: false, protocol, fromPort, toPort };
    const ranges = (p.IpRanges ?? []).map((r): Draft => ({ ...base, cidr: r.CidrIp, description: r.Description }));
    const pairs = (p.UserIdGroupPairs ?? []).map((pair): Draft => {
      const source = pair.GroupId ?? rt.world.ec2.securityGroups.find((g) => g.name === pair.GroupName)?.id;
      if (!source || !rt.world.ec2.securityGroups.some((g) => g.id === source))
        throw groupNotFound(pair.GroupId ?? pair.GroupName ?? '');
      return { ...base, sourceGroupId: source, description: pair.Description };
    });
    return [...ranges, ...pairs];
  });
}

/** EC2 AuthorizeSecurityGroupIngress: all rules or none; a rule that exists is `InvalidPermission.Duplicate`. */
export function authorizeIngress(
  rt: Runtime,
  input: AuthorizeSecurityGroupIngressRequest,
): AuthorizeSecurityGroupIngressResult {
  const group = findGroup(rt, input.GroupId);
  const wanted = drafts(rt, group.id, legacyPermissions(input));
  if (wanted.length === 0)
    throw new SandboxError(
      'MissingParameter',
      'No permissions given: IpPermissions must name a CIDR range or a security group',
    );
  for (const [index, draft] of wanted.entries()) {
    const duplicate =
      rt.world.ec2.rules.some((r) => sameRule(r, draft)) || wanted.slice(0, index).some((d) => sameRule(d, draft));
    if (duplicate)
      throw new SandboxError(
        'InvalidPermission.Duplicate',
        `the specified rule "${describeRule(draft)}" already exists`,
      );
  }
  const tags = tagsFor(input.TagSpecifications, 'security-group-rule');
  const created = wanted.map((draft): SgRule => ({ ...draft, id: ec2Id('sgr'), tags }));
  rt.world.ec2.rules.push(...created);
  rt.changed();
  rt.kick();
  return { Return: true, SecurityGroupRules: created.map((r) => toSecurityGroupRule(r, rt.accountId, rt.region)) };
}

/**
 * EC2 RevokeSecurityGroupIngress by rule ids or by IpPermissions. In a default VPC (the sandbox's)
 * a permission that matches no rule is not an error: it comes back in `UnknownIpPermissions`.
 */
export function revokeIngress(rt: Runtime, input: RevokeSecurityGroupIngressRequest): RevokeSecurityGroupIngressResult {
  const group = findGroup(rt, input.GroupId);
  const revoked: SgRule[] = [];
  const unknown: IpPermission[] = [];
  for (const id of input.SecurityGroupRuleIds ?? []) {
    const rule = rt.world.ec2.rules.find((r) => r.id === id && r.groupId === group.id && !r.egress);
    if (!rule)
      throw new SandboxError(
        'InvalidSecurityGroupRuleId.NotFound',
        `The security group rule ID '${id}' does not exist`,
      );
    revoked.push(rule);
  }
  for (const permission of input.IpPermissions ?? []) {
    for (const draft of drafts(rt, group.id, [permission])) {
      const rule = rt.world.ec2.rules.find((r) => sameRule(r, draft));
      if (rule) revoked.push(rule);
      else unknown.push(permission);
    }
  }
  rt.world.ec2.rules = rt.world.ec2.rules.filter((r) => !revoked.includes(r));
  rt.changed();
  rt.kick();
  return {
    Return: true,
    UnknownIpPermissions: unknown.length > 0 ? unknown : undefined,
    RevokedSecurityGroupRules: revoked.map((r) => ({
      SecurityGroupRuleId: r.id,
      GroupId: r.groupId,
      IsEgress: false,
      IpProtocol: r.protocol,
      FromPort: r.fromPort,
      ToPort: r.toPort,
      CidrIpv4: r.cidr,
      ReferencedGroupId: r.sourceGroupId,
      Description: r.description,
    })),
  };
}

/** EC2 DescribeSecurityGroupRules (filters `group-id`, `security-group-rule-id`, tags). */
export function describeSecurityGroupRules(
  rt: Runtime,
  input: DescribeSecurityGroupRulesRequest,
): DescribeSecurityGroupRulesResult {
  let rules = rt.world.ec2.rules;
  if (input.SecurityGroupRuleIds?.length) {
    for (const id of input.SecurityGroupRuleIds) {
      if (!rules.some((r) => r.id === id))
        throw new SandboxError(
          'InvalidSecurityGroupRuleId.NotFound',
          `The security group rule ID '${id}' does not exist`,
        );
    }
    rules = rules.filter((r) => input.SecurityGroupRuleIds?.includes(r.id));
  }
  rules = applyFilters(
    rules,
    input.Filters,
    { 'group-id': (r) => [r.groupId], 'security-group-rule-id': (r) => [r.id] },
    (r) => r.tags,
  );
  const { page, next } = paginate(rules, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return { SecurityGroupRules: page.map((r) => toSecurityGroupRule(r, rt.accountId, rt.region)), NextToken: next };
}
