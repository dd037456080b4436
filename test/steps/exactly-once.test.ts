import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { listenerStep } from '../../source/steps/listener.js';
import { loadBalancerStep } from '../../source/steps/load-balancer.js';
import { securityGroupsStep } from '../../source/steps/security-groups.js';
import { targetGroupStep } from '../../source/steps/target-group.js';
import { REGISTRATION_TAG_KEY } from '../../source/steps/registration-twins.js';
import { taskDefinitionStep } from '../../source/steps/task-definition.js';
import { awsError, baseResults, fakeStepDeps, mocks, stackTag } from './aws-mocks.js';

beforeEach(() => mocks.reset());

const ours = (arn: string) => ({ TagDescriptions: [{ ResourceArn: arn, Tags: stackTag }] });
const foreign = (arn: string) => ({ TagDescriptions: [{ ResourceArn: arn, Tags: [{ Key: 'team', Value: 'x' }] }] });

describe('security group after a lost answer', () => {
  const answers = { listenerPort: '80', allowCidr: '0.0.0.0/0', hostPortRange: '32768-65535' };
  const results = { cluster: baseResults.cluster! };

  it('Given CreateSecurityGroup ends in InvalidGroup.Duplicate on our own group, Then it is adopted and recorded once', async () => {
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0alb', GroupName: 'demo-alb-sg', Tags: stackTag }] });
    mocks.ec2.on(CreateSecurityGroupCommand).rejects(awsError('InvalidGroup.Duplicate'));
    mocks.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .resolves({ SecurityGroupRules: [{ SecurityGroupRuleId: 'sgr-1' }] });
    const { deps, record, recorded } = fakeStepDeps(results);
    const result = await securityGroupsStep.execute(answers, deps, record);
    expect(result.albSecurityGroupId).toBe('sg-0alb');
    expect(recorded.map((r) => [r.resource.kind, r.resource.id, r.reused])).toEqual([
      ['security-group', 'sg-0alb', false],
      ['ingress-rule', 'sg-0abc00000000ec201:sg-0alb:tcp:32768-65535', false],
    ]);
  });

  it('Given the duplicate is a group not tagged for the stack, Then it stays an error naming the group and --stack', async () => {
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [] })
      .resolvesOnce({ SecurityGroups: [] })
      .resolves({ SecurityGroups: [{ GroupId: 'sg-other', GroupName: 'Demo-alb-sg', Tags: [] }] });
    mocks.ec2.on(CreateSecurityGroupCommand).rejects(awsError('InvalidGroup.Duplicate'));
    const { deps, record, recorded } = fakeStepDeps(results);
    const error = await securityGroupsStep.execute(answers, deps, record).catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({
      message: expect.stringMatching(
        /security group Demo-alb-sg \(sg-other\) .* not tagged for stack 'demo'; pick another --stack/,
      ) as unknown,
    });
    expect(recorded).toEqual([]);
  });

  it('Given the ingress rules already exist (their answers lost), Then each counts as done and the rule id is found', async () => {
    mocks.ec2
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-0alb', GroupName: 'demo-alb-sg', Tags: stackTag }] });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).rejects(awsError('InvalidPermission.Duplicate'));
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        { SecurityGroupRuleId: 'sgr-out', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1 },
        {
          SecurityGroupRuleId: 'sgr-other',
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 32768,
          ToPort: 65535,
          ReferencedGroupInfo: { GroupId: 'sg-someone' },
        },
        {
          SecurityGroupRuleId: 'sgr-ours',
          IsEgress: false,
          IpProtocol: 'tcp',
          FromPort: 32768,
          ToPort: 65535,
          ReferencedGroupInfo: { GroupId: 'sg-0alb' },
        },
      ],
    });
    const { deps, record, recorded } = fakeStepDeps(results);
    await securityGroupsStep.execute(answers, deps, record);
    expect(recorded[1]?.resource.details).toMatchObject({ ruleId: 'sgr-ours', sourceGroupId: 'sg-0alb' });
  });

  it('Given a new rule, Then it is tagged for the stack', async () => {
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: 'sg-0alb' });
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ SecurityGroupRules: [] });
    const { deps, record } = fakeStepDeps(results);
    await securityGroupsStep.execute(answers, deps, record);
    for (const call of mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand))
      expect(call.args[0].input.TagSpecifications).toEqual([{ ResourceType: 'security-group-rule', Tags: stackTag }]);
  });
});

describe('ELBv2 creates after a duplicate', () => {
  it('Given CreateTargetGroup fails DuplicateTargetGroupName on our group, Then it is adopted; on a foreign one it names --stack', async () => {
    mocks.elbv2
      .on(DescribeTargetGroupsCommand)
      .rejectsOnce(awsError('TargetGroupNotFoundException'))
      .resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg/demo-tg' }] });
    mocks.elbv2.on(CreateTargetGroupCommand).rejects(awsError('DuplicateTargetGroupNameException'));
    mocks.elbv2.on(ModifyTargetGroupAttributesCommand).resolves({});
    mocks.elbv2.on(DescribeTagsCommand).resolvesOnce(ours('arn:tg/demo-tg')).resolves(foreign('arn:tg/demo-tg'));
    const answers = { healthCheckPath: '/hostname', deregistrationDelay: '30' };
    const first = fakeStepDeps({ cluster: baseResults.cluster! });
    expect(await targetGroupStep.execute(answers, first.deps, first.record)).toMatchObject({
      targetGroupArn: 'arn:tg/demo-tg',
    });
    expect(first.recorded).toEqual([
      { resource: { kind: 'target-group', id: 'arn:tg/demo-tg', label: 'demo-tg' }, reused: false },
    ]);

    mocks.elbv2
      .on(DescribeTargetGroupsCommand)
      .rejectsOnce(awsError('TargetGroupNotFoundException'))
      .resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg/demo-tg' }] });
    const second = fakeStepDeps({ cluster: baseResults.cluster! });
    const error = await targetGroupStep.execute(answers, second.deps, second.record).catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({
      message: expect.stringMatching(/not tagged for stack 'demo'; pick another --stack/) as unknown,
    });
    expect(second.recorded).toEqual([]);
  });

  it('Given CreateLoadBalancer fails DuplicateLoadBalancerName on our ALB, Then it is adopted and waited for', async () => {
    mocks.elbv2
      .on(DescribeLoadBalancersCommand, { Names: ['demo-alb'] })
      .rejectsOnce(awsError('LoadBalancerNotFoundException'))
      .resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/demo-alb' }] });
    mocks.elbv2.on(CreateLoadBalancerCommand).rejects(awsError('DuplicateLoadBalancerNameException'));
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:lb/demo-alb'));
    mocks.elbv2
      .on(DescribeLoadBalancersCommand, { LoadBalancerArns: ['arn:lb/demo-alb'] })
      .resolves({ LoadBalancers: [{ State: { Code: 'active' }, DNSName: 'd', Scheme: 'internet-facing' }] });
    const { deps, record, recorded } = fakeStepDeps({
      network: baseResults.network!,
      'security-groups': baseResults['security-groups']!,
    });
    expect(await loadBalancerStep.execute({ scheme: 'internet-facing' }, deps, record)).toMatchObject({
      loadBalancerArn: 'arn:lb/demo-alb',
    });
    expect(recorded.map((r) => [r.resource.id, r.reused])).toEqual([['arn:lb/demo-alb', false]]);
  });

  const listenerResults = {
    'load-balancer': baseResults['load-balancer']!,
    'target-group': baseResults['target-group']!,
  };
  const ourRule = {
    RuleArn: 'arn:rule/1',
    Priority: '1',
    Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
    Actions: [{ Type: 'forward' as const, TargetGroupArn: 'arn:tg/demo-tg' }],
  };
  const defaultRule = { RuleArn: 'arn:rule/default', IsDefault: true, Priority: 'default' };

  it('Given CreateListener fails DuplicateListener and CreateRule fails PriorityInUse on our own, Then both are adopted, none created twice', async () => {
    mocks.elbv2
      .on(DescribeListenersCommand)
      .resolvesOnce({ Listeners: [] })
      .resolves({ Listeners: [{ ListenerArn: 'arn:listener/1', Port: 80 }] });
    mocks.elbv2.on(CreateListenerCommand).rejects(awsError('DuplicateListenerException'));
    mocks.elbv2
      .on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [defaultRule] })
      .resolves({ Rules: [ourRule, defaultRule] });
    mocks.elbv2.on(CreateRuleCommand).rejects(awsError('PriorityInUseException', "Priority '1' is currently in use"));
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:any'));
    const { deps, record, recorded } = fakeStepDeps(listenerResults);
    expect(await listenerStep.execute({ listenerPort: '80', pathPattern: '/*' }, deps, record)).toEqual({
      listenerArn: 'arn:listener/1',
      ruleArn: 'arn:rule/1',
      port: 80,
    });
    expect(recorded.map((r) => [r.resource.kind, r.resource.id, r.reused])).toEqual([
      ['listener', 'arn:listener/1', false],
      ['listener-rule', 'arn:rule/1', false],
    ]);
    expect(mocks.elbv2.commandCalls(CreateRuleCommand)).toHaveLength(1);
  });

  it("Given PriorityInUse and the rule found is not the stack's, Then it stays an error naming the rule", async () => {
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: 'arn:listener/1', Port: 80 }] });
    mocks.elbv2
      .on(DescribeRulesCommand)
      .resolvesOnce({ Rules: [defaultRule] })
      .resolves({ Rules: [ourRule, defaultRule] });
    mocks.elbv2.on(CreateRuleCommand).rejects(awsError('PriorityInUseException'));
    mocks.elbv2.on(DescribeTagsCommand, { ResourceArns: ['arn:listener/1'] }).resolves(ours('arn:listener/1'));
    mocks.elbv2.on(DescribeTagsCommand, { ResourceArns: ['arn:rule/1'] }).resolves(foreign('arn:rule/1'));
    const { deps, record, recorded } = fakeStepDeps(listenerResults);
    const error = await listenerStep
      .execute({ listenerPort: '80', pathPattern: '/*' }, deps, record)
      .catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({
      message: expect.stringMatching(/rule forwarding \/\* .* not tagged for stack 'demo' \(arn:rule\/1\)/) as unknown,
    });
    expect(recorded.map((r) => r.resource.kind)).toEqual(['listener']);
  });

  it('Given PriorityInUse and no rule of ours behind it, Then the error is AWS\u2019s, not an adoption', async () => {
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: 'arn:listener/1', Port: 80 }] });
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:listener/1'));
    mocks.elbv2.on(DescribeRulesCommand).resolves({ Rules: [defaultRule] });
    mocks.elbv2.on(CreateRuleCommand).rejects(awsError('PriorityInUseException', "Priority '1' is currently in use"));
    const { deps, record } = fakeStepDeps(listenerResults);
    await expect(listenerStep.execute({ listenerPort: '80', pathPattern: '/*' }, deps, record)).rejects.toMatchObject({
      cause: { name: 'PriorityInUseException' },
    });
  });
});

describe('task definition registered exactly once', () => {
  const answers = { image: 'me/app:1', containerPort: '8080', memory: '256' };
  const stackTags: Tag[] = [{ key: 'ecs-alb-wizard:stack', value: 'demo' }];

  /** RegisterTaskDefinition answers revision 2; revision 1 has the tags `rev1Tags(token)`. */
  function lostAnswerWorld(rev1Tags: (token: string) => Tag[]) {
    let token = '';
    mocks.ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(awsError('ClientException', 'Unable to describe task definition.'));
    mocks.ecs.on(RegisterTaskDefinitionCommand).callsFake((input: { tags?: Tag[] }) => {
      token = input.tags?.find((t) => t.key === REGISTRATION_TAG_KEY)?.value ?? '';
      return { taskDefinition: { taskDefinitionArn: 'arn:td/demo-hostname:2', revision: 2 } };
    });
    mocks.ecs
      .on(ListTaskDefinitionsCommand)
      .resolves({ taskDefinitionArns: ['arn:td/demo-hostname:2', 'arn:td/demo-hostname:1'] });
    mocks.ecs.on(ListTagsForResourceCommand).callsFake(() => ({ tags: rev1Tags(token) }));
    mocks.ecs.on(DeregisterTaskDefinitionCommand).resolves({});
  }

  it('Given the SDK retried a registration whose answer was lost, Then the twin revision is deregistered and one is recorded', async () => {
    lostAnswerWorld((token) => [...stackTags, { key: REGISTRATION_TAG_KEY, value: token }]);
    const { deps, record, recorded, events } = fakeStepDeps();
    const result = await taskDefinitionStep.execute(answers, deps, record);
    expect(result).toEqual({ taskDefinitionArn: 'arn:td/demo-hostname:2', family: 'demo-hostname', revision: 2 });
    expect(mocks.ecs.commandCalls(DeregisterTaskDefinitionCommand).map((c) => c.args[0].input.taskDefinition)).toEqual([
      'arn:td/demo-hostname:1',
    ]);
    expect(recorded.map((r) => r.resource.id)).toEqual(['arn:td/demo-hostname:2']);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        message: expect.stringMatching(/deregistered demo-hostname:1/) as unknown,
      }),
    );
  });

  it('Given an older revision from another registration (or another stack), Then it is left alone', async () => {
    lostAnswerWorld(() => [...stackTags, { key: REGISTRATION_TAG_KEY, value: 'an-earlier-run' }]);
    const { deps, record } = fakeStepDeps();
    await taskDefinitionStep.execute(answers, deps, record);
    mocks.ecs
      .on(ListTagsForResourceCommand)
      .callsFake(() => ({ tags: [{ key: 'ecs-alb-wizard:stack', value: 'other' }] }));
    await taskDefinitionStep.execute(answers, deps, record);
    expect(mocks.ecs.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(0);
  });

  it('Given a rerun that finds the last twin, Then the earlier twins of that registration are deregistered too', async () => {
    const twin = [...stackTags, { key: REGISTRATION_TAG_KEY, value: 'tok' }];
    mocks.ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: 'arn:td/demo-hostname:2',
        revision: 2,
        status: 'ACTIVE',
        networkMode: 'bridge',
        containerDefinitions: [
          {
            name: 'hostname',
            image: 'me/app:1',
            memoryReservation: 256,
            portMappings: [{ containerPort: 8080, hostPort: 0 }],
            stopTimeout: 30,
          },
        ],
      },
      tags: twin,
    });
    mocks.ecs
      .on(ListTaskDefinitionsCommand)
      .resolves({ taskDefinitionArns: ['arn:td/demo-hostname:2', 'arn:td/demo-hostname:1'] });
    mocks.ecs.on(ListTagsForResourceCommand).resolves({ tags: twin });
    mocks.ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    const { deps, record, recorded } = fakeStepDeps();
    await taskDefinitionStep.execute(answers, deps, record);
    expect(mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(mocks.ecs.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(1);
    expect(recorded.map((r) => [r.resource.id, r.reused])).toEqual([['arn:td/demo-hostname:2', true]]);
  });

  it('Given a registration, Then it names no requiresCompatibilities and keeps a reservation with no hard memory limit', async () => {
    lostAnswerWorld(() => []);
    const { deps, record } = fakeStepDeps();
    await taskDefinitionStep.execute(answers, deps, record);
    const input = mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
    expect(input).not.toHaveProperty('requiresCompatibilities');
    expect(input).not.toHaveProperty('memory');
    expect(input.containerDefinitions?.[0]?.memoryReservation).toBe(256);
    expect(input.containerDefinitions?.[0]).not.toHaveProperty('memory');
    const cli = taskDefinitionStep.cli(answers).join('\n');
    expect(cli).not.toMatch(/requires-compatibilities/);
    expect(cli).toMatch(/"memoryReservation":256/);
    expect(cli).not.toMatch(/"memory":/);
  });
});
