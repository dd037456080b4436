import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand, type SecurityGroup } from '@aws-sdk/client-ec2';
import { stackNames } from '../aws/names.js';
import { hasStackTag, stackTags } from '../aws/tags.js';
import { createOnce } from './create-once.js';
import type { RecordResource, StepDeps } from './types.js';

/**
 * The VPC's group with this name. EC2 compares group names ignoring case (CreateSecurityGroup
 * refuses `Demo-alb-sg` beside `demo-alb-sg`), so when the exact-name filter finds nothing the
 * VPC's groups are compared ignoring case.
 */
async function findGroup(deps: StepDeps, vpcId: string, name: string): Promise<SecurityGroup | undefined> {
  const inVpc = { Name: 'vpc-id', Values: [vpcId] };
  const exact = await deps.clients.ec2.send(
    new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [name] }, inVpc] }),
    { abortSignal: deps.signal },
  );
  if (exact.SecurityGroups?.[0]) return exact.SecurityGroups[0];
  let NextToken: string | undefined;
  for (let page = 0; page < 20; page++) {
    const out = await deps.clients.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [inVpc], MaxResults: 1000, ...(NextToken ? { NextToken } : {}) }),
      { abortSignal: deps.signal },
    );
    const match = out.SecurityGroups?.find((g) => g.GroupName?.toLowerCase() === name.toLowerCase());
    if (match || !out.NextToken) return match;
    NextToken = out.NextToken;
  }
  return undefined;
}

/** The load balancer's group: found by name, else created; after a lost answer, adopted. */
export async function ensureAlbGroup(deps: StepDeps, vpcId: string, record: RecordResource): Promise<string> {
  const name = stackNames(deps.stack).albSecurityGroup;
  const tags = [...stackTags(deps.stack), { Key: 'Name', Value: name }];
  const { value: group, how } = await createOnce<SecurityGroup>({
    find: () => findGroup(deps, vpcId, name),
    async create() {
      const created = await deps.clients.ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: name,
          Description: `ecs-alb-wizard ${deps.stack}: load balancer`,
          VpcId: vpcId,
          TagSpecifications: [{ ResourceType: 'security-group', Tags: tags }],
        }),
        { abortSignal: deps.signal },
      );
      if (!created.GroupId) throw new Error('CreateSecurityGroup returned no GroupId');
      return { GroupId: created.GroupId, GroupName: name, Tags: tags };
    },
    duplicate: ['InvalidGroup.Duplicate'],
    claim(found) {
      if (!found.GroupId || !hasStackTag(found.Tags, deps.stack))
        throw new Error(
          `security group ${found.GroupName ?? name} (${found.GroupId ?? 'no id'}) exists in ${vpcId} but is not tagged for stack '${deps.stack}'; pick another --stack`,
        );
    },
  });
  const groupId = group.GroupId ?? '';
  record({ kind: 'security-group', id: groupId, label: `${groupId} (${name})`, details: { vpcId } }, how === 'found');
  return groupId;
}
