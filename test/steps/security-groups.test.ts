import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { securityGroupsStep } from '../../source/steps/security-groups.js';
import type { RecordedResource } from '../../source/model/resources.js';
import { awsError, baseResults, fakeStepDeps, mocks, stackTag } from './aws-mocks.js';

beforeEach(() => mocks.reset());

const answers = { listenerPort: '80', allowCidr: '0.0.0.0/0', hostPortRange: '32768-65535' };
const results = { cluster: baseResults.cluster! };

describe('security-groups step', () => {
  it('Given a fresh VPC, When it runs, Then it creates the tagged ALB group and allows only that group on 32768-65535', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0alb' });
    mocks.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .resolves({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1' }] });
    const { deps, record, recorded } = fakeStepDeps(results);
    const result = await securityGroupsStep.execute(answers, deps, record);
    expect(result).toEqual({
      albSecurityGroupId: 'sg-0alb',
      instanceSecurityGroupId: 'sg-0abc00000000ec201',
      fromPort: 32768,
      toPort: 65535,
    });
    const create = mocks.ec2.commandCalls(CreateSecurityGroupCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ GroupName: 'demo-alb-sg', VpcId: 'vpc-0abc0000000000001' });
    expect(create.TagSpecifications?.[0]?.Tags).toContainEqual({ Key: 'ecs-alb-wizard:stack', Value: 'demo' });
    const rules = mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input);
    expect(rules[1]).toMatchObject({
      GroupId: 'sg-0abc00000000ec201',
      IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: 'sg-0alb' }] },
      ],
    });
    expect(rules[1]!.IpPermissions?.[0]?.IpRanges).toBeUndefined();
    expect(recorded.map((r) => [r.resource.kind, r.resource.id, r.reused])).toEqual([
      ['security-group', 'sg-0alb', false],
      ['ingress-rule', 'sg-0abc00000000ec201:sg-0alb:tcp:32768-65535', false],
    ]);
  });

  it('Given a rerun after a crash, When the group and the rule exist, Then nothing is created twice', async () => {
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0alb', GroupName: 'demo-alb-sg', Tags: stackTag }] });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.Duplicate'));
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({ SecurityGroupRules: [] });
    const { deps, record, recorded } = fakeStepDeps(results);
    await securityGroupsStep.execute(answers, deps, record);
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(recorded.map((r) => r.reused)).toEqual([true, true]);
  });

  it('Given a same-named group of someone else, Then it refuses and suggests another --stack', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-other', Tags: [] }] });
    const { deps, record } = fakeStepDeps(results);
    await expect(securityGroupsStep.execute(answers, deps, record)).rejects.toThrow(
      /create the load balancer security group/,
    );
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
  });
});

describe('security-groups teardown', () => {
  const rule: RecordedResource = {
    kind: 'ingress-rule',
    id: 'sgr-1',
    label: 'rule',
    step: 'security-groups',
    createdAt: '',
    details: { groupId: 'sg-inst', sourceGroupId: 'sg-0alb', fromPort: '32768', toPort: '65535' },
  };
  const group: RecordedResource = {
    kind: 'security-group',
    id: 'sg-0alb',
    label: 'sg-0alb (demo-alb-sg)',
    step: 'security-groups',
    createdAt: '',
  };

  it('Given the rule, Then only that rule is revoked on the instances\u2019 group (never the group itself)', async () => {
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).resolves({});
    const { deps } = fakeStepDeps();
    expect(await securityGroupsStep.teardown!(rule, deps)).toBe('revoked');
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupIngressCommand)[0]!.args[0].input).toMatchObject({
      GroupId: 'sg-inst',
      IpPermissions: [{ FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: 'sg-0alb' }] }],
    });
    expect(mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it('Given the rule is already gone, Then teardown counts it as done', async () => {
    mocks.ec2.on(RevokeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.NotFound'));
    const { deps } = fakeStepDeps();
    expect(await securityGroupsStep.teardown!(rule, deps)).toBe('already-gone');
  });

  it('Given lingering ALB interfaces, When delete fails with DependencyViolation twice, Then it retries with backoff and deletes', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0alb', Tags: stackTag }] });
    mocks.ec2
      .on(DeleteSecurityGroupCommand)
      .rejectsOnce(awsError('DependencyViolation'))
      .rejectsOnce(awsError('DependencyViolation'))
      .resolves({});
    const { deps, events, elapsed } = fakeStepDeps();
    expect(await securityGroupsStep.teardown!(group, deps)).toBe('deleted');
    expect(mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(3);
    expect(elapsed()).toBe(1000 + 1500);
    expect(events.filter((e) => e.type === 'log')).toHaveLength(2);
  });

  it('Given the group stays in use past the wait timeout, Then the error says what still holds it', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0alb', Tags: stackTag }] });
    mocks.ec2
      .on(DeleteSecurityGroupCommand)
      .rejects(awsError('DependencyViolation', 'resource sg-0alb has a dependent object'));
    const { deps } = fakeStepDeps();
    const error = await securityGroupsStep.teardown!(group, deps).catch((e: unknown) => e as Error);
    expect(String((error as Error).cause)).toMatch(/timed out after 60s .*network interfaces \(requester amazon-elb\)/);
  });

  it('Given the group lost the stack tag, Then it is left alone', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0alb', Tags: [] }] });
    const { deps } = fakeStepDeps();
    expect(await securityGroupsStep.teardown!(group, deps)).toBe('not-ours');
    expect(mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });

  it('Given the group is already deleted, Then teardown counts it as done', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).rejects(awsError('InvalidGroup.NotFound'));
    const { deps } = fakeStepDeps();
    expect(await securityGroupsStep.teardown!(group, deps)).toBe('already-gone');
  });
});
