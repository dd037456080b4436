import {
  AuthorizeSecurityGroupIngressCommand,
  DescribeSecurityGroupRulesCommand,
  type IpPermission,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { isAwsError } from '../aws/errors.js';
import { stackTags } from '../aws/tags.js';
import type { StepDeps } from './types.js';

/** True when an existing rule of the group is exactly this one-source permission. */
function samePermission(rule: SecurityGroupRule, permission: IpPermission): boolean {
  const source = permission.UserIdGroupPairs?.[0]?.GroupId;
  const cidr = permission.IpRanges?.[0]?.CidrIp;
  return (
    !rule.IsEgress &&
    rule.IpProtocol === permission.IpProtocol &&
    rule.FromPort === permission.FromPort &&
    rule.ToPort === permission.ToPort &&
    (source !== undefined ? rule.ReferencedGroupInfo?.GroupId === source : rule.CidrIpv4 === cidr)
  );
}

/** The id of the group's rule that is this permission (for a rule that already existed). */
async function findRuleId(deps: StepDeps, groupId: string, permission: IpPermission): Promise<string | undefined> {
  const out = await deps.clients.ec2.send(
    new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [groupId] }], MaxResults: 1000 }),
    { abortSignal: deps.signal },
  );
  return out.SecurityGroupRules?.find((r) => samePermission(r, permission))?.SecurityGroupRuleId;
}

/**
 * Adds an ingress permission, tagged for the stack. An identical rule counts as done (`added`
 * false): EC2 has no client token here, so a call whose answer was lost and that the SDK retried
 * ends in `InvalidPermission.Duplicate` on the rule the first attempt made.
 */
export async function authorize(
  deps: StepDeps,
  groupId: string,
  permission: IpPermission,
): Promise<{ added: boolean; ruleId?: string }> {
  try {
    const out = await deps.clients.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [permission],
        TagSpecifications: [{ ResourceType: 'security-group-rule', Tags: stackTags(deps.stack) }],
      }),
      { abortSignal: deps.signal },
    );
    const ruleId = out.SecurityGroupRules?.[0]?.SecurityGroupRuleId;
    return { added: true, ...(ruleId ? { ruleId } : {}) };
  } catch (error) {
    if (!isAwsError(error, 'InvalidPermission.Duplicate')) throw error;
    const ruleId = await findRuleId(deps, groupId, permission);
    return { added: false, ...(ruleId ? { ruleId } : {}) };
  }
}
