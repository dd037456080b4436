import type { IpPermission, SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { SgRule } from '../world.js';

const protocolNames: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', all: '-1' };

/** EC2 accepts protocol numbers and names; rules keep the name (`tcp`), `-1` for all. */
export function normalizeProtocol(protocol: string | undefined): string {
  const p = (protocol ?? '-1').toLowerCase();
  return protocolNames[p] ?? p;
}

/** Rules grouped as DescribeSecurityGroups shows them: one IpPermission per protocol and ports. */
export function toIpPermissions(rules: SgRule[], accountId: string, vpcId: string): IpPermission[] {
  const groups = new Map<string, IpPermission>();
  for (const rule of rules) {
    const key = `${rule.protocol}/${rule.fromPort}/${rule.toPort}`;
    let permission = groups.get(key);
    if (!permission) {
      permission = {
        IpProtocol: rule.protocol,
        ...(rule.protocol === '-1' ? {} : { FromPort: rule.fromPort, ToPort: rule.toPort }),
        IpRanges: [],
        UserIdGroupPairs: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
      };
      groups.set(key, permission);
    }
    if (rule.cidr) permission.IpRanges?.push({ CidrIp: rule.cidr, Description: rule.description });
    if (rule.sourceGroupId) {
      permission.UserIdGroupPairs?.push({
        GroupId: rule.sourceGroupId,
        UserId: accountId,
        VpcId: vpcId,
        Description: rule.description,
      });
    }
  }
  return [...groups.values()];
}

/** One rule as DescribeSecurityGroupRules and AuthorizeSecurityGroupIngress show it. */
export function toSecurityGroupRule(rule: SgRule, accountId: string, region: string): SecurityGroupRule {
  return {
    SecurityGroupRuleId: rule.id,
    GroupId: rule.groupId,
    GroupOwnerId: accountId,
    IsEgress: rule.egress,
    IpProtocol: rule.protocol,
    FromPort: rule.fromPort,
    ToPort: rule.toPort,
    CidrIpv4: rule.cidr,
    ReferencedGroupInfo: rule.sourceGroupId ? { GroupId: rule.sourceGroupId, UserId: accountId } : undefined,
    Description: rule.description,
    Tags: rule.tags,
    SecurityGroupRuleArn: `arn:aws:ec2:${region}:${accountId}:security-group-rule/${rule.id}`,
  };
}

/** How EC2 names a rule in `InvalidPermission.Duplicate` messages. */
export function describeRule(
  rule: Pick<SgRule, 'protocol' | 'fromPort' | 'toPort' | 'cidr' | 'sourceGroupId'>,
): string {
  const protocol = rule.protocol === '-1' ? 'ALL' : rule.protocol.toUpperCase();
  return `peer: ${rule.cidr ?? rule.sourceGroupId ?? ''}, ${protocol}, from port: ${rule.fromPort}, to port: ${rule.toPort}, ALLOW`;
}

/** Whether two rules allow the same thing (descriptions and tags aside). */
export function sameRule(a: Omit<SgRule, 'id' | 'tags'>, b: Omit<SgRule, 'id' | 'tags'>): boolean {
  return (
    a.groupId === b.groupId &&
    a.egress === b.egress &&
    a.protocol === b.protocol &&
    a.fromPort === b.fromPort &&
    a.toPort === b.toPort &&
    (a.cidr ?? '') === (b.cidr ?? '') &&
    (a.sourceGroupId ?? '') === (b.sourceGroupId ?? '')
  );
}
