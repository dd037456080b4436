import {
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { isAwsError } from '../aws/errors.js';
import { stackNames } from '../aws/names.js';
import { retryWhile } from '../aws/retry.js';
import { hasStackTag } from '../aws/tags.js';
import { awsCommand, capture, cliTags, queryText, sh, val } from './cli-text.js';
import { defaults } from './defaults.js';
import { need } from './results.js';
import type { SecurityGroupsResult, StepResults } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import { parsePortRange } from './validators.js';
import { ensureAlbGroup } from './alb-group.js';
import { authorize } from './ingress-rules.js';
import type { Step, StepDeps } from './types.js';

const PROMPT_PORT = 'Which port should the load balancer listen on (HTTP)?';
const PROMPT_CIDR = 'Which client addresses may reach the load balancer (IPv4 CIDR)?';
const PROMPT_RANGE = 'Which host port range may the load balancer reach on the instances (dynamic ports)?';

function albPermission(port: number, cidr: string): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: port,
    ToPort: port,
    IpRanges: [{ CidrIp: cidr, Description: 'clients to the load balancer' }],
  };
}

function instancePermission(albGroupId: string, from: number, to: number): IpPermission {
  return {
    IpProtocol: 'tcp',
    FromPort: from,
    ToPort: to,
    UserIdGroupPairs: [{ GroupId: albGroupId, Description: 'load balancer to dynamic host ports' }],
  };
}

/**
 * The instances' group the rule goes on: the one the capacity step created for a cluster of the
 * stack's own, else the one the existing cluster's instances share.
 */
function instanceGroupOf(results: StepResults): string {
  const group = results.capacity?.instanceSecurityGroupId ?? results.cluster?.instanceSecurityGroupId;
  if (!group) throw new Error("the 'capacity' step has not run yet: the instances' security group is not known");
  return group;
}

/** Step 4: the ALB's own group, and the one rule that lets it reach the dynamic host ports. */
export const securityGroupsStep: Step<SecurityGroupsResult> = {
  id: 'security-groups',
  title: 'Create the security groups',
  why: 'The memo opened TCP 0-65535 to the world on the instances. We do not: only the ALB\u2019s own security group may reach the instances, and only on the ephemeral range 32768-65535 where dynamic host ports live.',
  keys: ['listenerPort', 'allowCidr', 'hostPortRange'],
  questions: (known) =>
    textQuestions(known, { listenerPort: PROMPT_PORT, allowCidr: PROMPT_CIDR, hostPortRange: PROMPT_RANGE }),
  validate: (answers) => checkAnswers(answers, ['listenerPort', 'allowCidr', 'hostPortRange']),
  async execute(answers, deps, record) {
    const cluster = need(deps.context.results, 'cluster');
    const instanceGroupId = instanceGroupOf(deps.context.results);
    const range = parsePortRange(answers.hostPortRange!)!;
    const port = Number(answers.listenerPort);
    let albGroupId: string;
    try {
      albGroupId = await ensureAlbGroup(deps, cluster.vpcId, record);
      await authorize(deps, albGroupId, albPermission(port, answers.allowCidr!));
    } catch (cause) {
      throw new Error('create the load balancer security group', { cause });
    }
    try {
      const { added, ruleId } = await authorize(
        deps,
        instanceGroupId,
        instancePermission(albGroupId, range.from, range.to),
      );
      // The rule's id is its content, so a rerun that finds it (Duplicate) records the same one.
      record(
        {
          kind: 'ingress-rule',
          id: `${instanceGroupId}:${albGroupId}:tcp:${range.from}-${range.to}`,
          label: `${instanceGroupId} \u2190 ${albGroupId} tcp ${range.from}-${range.to}`,
          details: {
            groupId: instanceGroupId,
            sourceGroupId: albGroupId,
            fromPort: String(range.from),
            toPort: String(range.to),
            ...(ruleId ? { ruleId } : {}),
          },
        },
        !added,
      );
    } catch (cause) {
      throw new Error(`allow the load balancer group on the instances' group ${instanceGroupId}`, {
        cause,
      });
    }
    return {
      albSecurityGroupId: albGroupId,
      instanceSecurityGroupId: instanceGroupId,
      fromPort: range.from,
      toPort: range.to,
    };
  },
  async teardown(resource, deps) {
    if (resource.kind === 'ingress-rule') return revokeRule(resource.details ?? {}, deps);
    return deleteGroup(resource.id, deps);
  },
  summary: (r) => [
    `load balancer group ${r.albSecurityGroupId}`,
    `${r.instanceSecurityGroupId} allows ${r.albSecurityGroupId} on tcp ${r.fromPort}-${r.toPort}`,
  ],
  cli(answers, result, ctx) {
    const stack = ctx?.stack ?? 'demo';
    const name = stackNames(stack).albSecurityGroup;
    const range = parsePortRange(answers.hostPortRange ?? defaults.hostPortRange);
    const alb = val(result?.albSecurityGroupId, 'ALB_SG_ID');
    const instances =
      result?.instanceSecurityGroupId ??
      ctx?.results.capacity?.instanceSecurityGroupId ??
      ctx?.results.cluster?.instanceSecurityGroupId;
    return [
      capture(
        'ALB_SG_ID',
        result?.albSecurityGroupId,
        awsCommand(
          'ec2 create-security-group',
          ['--group-name', name],
          ['--description', sh(`ecs-alb-wizard ${stack}: load balancer`)],
          ['--vpc-id', val(ctx?.results.cluster?.vpcId, 'VPC_ID')],
          ['--tag-specifications', sh(`ResourceType=security-group,Tags=[{${cliTags(stack)}}]`)],
          queryText('GroupId'),
        ),
      ),
      awsCommand(
        'ec2 authorize-security-group-ingress',
        ['--group-id', alb],
        ['--protocol', 'tcp'],
        ['--port', answers.listenerPort ?? defaults.listenerPort],
        ['--cidr', answers.allowCidr ?? defaults.allowCidr],
      ),
      awsCommand(
        'ec2 authorize-security-group-ingress',
        ['--group-id', val(instances, 'INSTANCE_SG_ID')],
        ['--protocol', 'tcp'],
        ['--port', `${range?.from ?? 32768}-${range?.to ?? 65535}`],
        ['--source-group', alb],
      ),
    ];
  },
};

async function revokeRule(details: Record<string, string>, deps: StepDeps) {
  const { groupId, sourceGroupId, fromPort, toPort } = details;
  if (!groupId || !sourceGroupId) throw new Error('revoke ingress rule: the recorded rule lacks its group ids');
  try {
    await deps.clients.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [instancePermission(sourceGroupId, Number(fromPort), Number(toPort))],
      }),
      { abortSignal: deps.signal },
    );
    return 'revoked' as const;
  } catch (error) {
    if (isAwsError(error, 'InvalidPermission.NotFound', 'InvalidGroup.NotFound')) return 'already-gone' as const;
    throw new Error(`revoke the ingress rule on ${groupId}`, { cause: error });
  }
}

async function deleteGroup(groupId: string, deps: StepDeps) {
  try {
    const out = await deps.clients.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }), {
      abortSignal: deps.signal,
    });
    const group = out.SecurityGroups?.[0];
    if (!group) return 'already-gone' as const;
    if (!hasStackTag(group.Tags, deps.stack)) return 'not-ours' as const;
    await retryWhile(
      `security group ${groupId} to be deletable`,
      ['DependencyViolation'],
      () => deps.clients.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }), { abortSignal: deps.signal }),
      deps,
      'the deleted load balancer\u2019s network interfaces (requester amazon-elb) or another group\u2019s rule still reference it; see aws ec2 describe-network-interfaces --filters Name=group-id,Values=' +
        groupId,
      (attempt) =>
        deps.emit({
          type: 'log',
          step: 'security-groups',
          message: `security group ${groupId} still in use (DependencyViolation), retry ${attempt}`,
        }),
    );
    return 'deleted' as const;
  } catch (error) {
    if (isAwsError(error, 'InvalidGroup.NotFound', 'InvalidGroupId.NotFound')) return 'already-gone' as const;
    throw new Error(`delete security group ${groupId}`, { cause: error });
  }
}
