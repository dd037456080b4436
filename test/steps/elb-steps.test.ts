import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import { listenerStep } from '../../source/steps/listener.js';
import { loadBalancerStep } from '../../source/steps/load-balancer.js';
import { targetGroupStep } from '../../source/steps/target-group.js';
import { awsError, baseResults, fakeStepDeps, mocks, stackTag } from './aws-mocks.js';

beforeEach(() => mocks.reset());

const ours = (arn: string) => ({ TagDescriptions: [{ ResourceArn: arn, Tags: stackTag }] });

describe('target-group step', () => {
  it('Given none exists, Then it creates an HTTP instance target group with demo health checks and a 30 s drain', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).rejects(awsError('TargetGroupNotFoundException'));
    mocks.elbv2.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg/demo-tg' }] });
    mocks.elbv2.on(ModifyTargetGroupAttributesCommand).resolves({});
    const { deps, record, recorded } = fakeStepDeps({ cluster: baseResults.cluster! });
    const result = await targetGroupStep.execute(
      { healthCheckPath: '/hostname', deregistrationDelay: '30' },
      deps,
      record,
    );
    expect(result).toEqual({ targetGroupArn: 'arn:tg/demo-tg', name: 'demo-tg' });
    expect(mocks.elbv2.commandCalls(CreateTargetGroupCommand)[0]!.args[0].input).toMatchObject({
      Name: 'demo-tg',
      Protocol: 'HTTP',
      Port: 80,
      TargetType: 'instance',
      VpcId: 'vpc-0abc0000000000001',
      HealthCheckPath: '/hostname',
      HealthCheckIntervalSeconds: 10,
      HealthyThresholdCount: 2,
      Tags: stackTag,
    });
    expect(mocks.elbv2.commandCalls(ModifyTargetGroupAttributesCommand)[0]!.args[0].input.Attributes).toEqual([
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
    ]);
    expect(recorded).toEqual([
      { resource: { kind: 'target-group', id: 'arn:tg/demo-tg', label: 'demo-tg' }, reused: false },
    ]);
  });

  it('Given our target group already exists (rerun), Then it is reused, not created again', async () => {
    mocks.elbv2.on(DescribeTargetGroupsCommand).resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg/demo-tg' }] });
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:tg/demo-tg'));
    const { deps, record, recorded } = fakeStepDeps({ cluster: baseResults.cluster! });
    await targetGroupStep.execute({ healthCheckPath: '/hostname', deregistrationDelay: '30' }, deps, record);
    expect(mocks.elbv2.commandCalls(CreateTargetGroupCommand)).toHaveLength(0);
    expect(recorded[0]?.reused).toBe(true);
  });

  it('Given the listener still uses it, When teardown meets ResourceInUse, Then it retries until free', async () => {
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:tg/demo-tg'));
    mocks.elbv2.on(DeleteTargetGroupCommand).rejectsOnce(awsError('ResourceInUseException')).resolves({});
    const { deps } = fakeStepDeps();
    const tg: RecordedResource = {
      kind: 'target-group',
      id: 'arn:tg/demo-tg',
      label: 'demo-tg',
      step: 'target-group',
      createdAt: '',
    };
    expect(await targetGroupStep.teardown!(tg, deps)).toBe('deleted');
    expect(mocks.elbv2.commandCalls(DeleteTargetGroupCommand)).toHaveLength(2);
  });

  it('Given it is gone already, Then teardown counts it as done', async () => {
    mocks.elbv2.on(DescribeTagsCommand).rejects(awsError('TargetGroupNotFoundException'));
    const { deps } = fakeStepDeps();
    expect(
      await targetGroupStep.teardown!(
        { kind: 'target-group', id: 'arn:tg/x', label: 'x', step: 'target-group', createdAt: '' },
        deps,
      ),
    ).toBe('already-gone');
  });
});

describe('load-balancer step', () => {
  const results = { network: baseResults.network!, 'security-groups': baseResults['security-groups']! };

  it('Given none exists, Then it creates the ALB, records it before waiting, and waits until active', async () => {
    mocks.elbv2
      .on(DescribeLoadBalancersCommand, { Names: ['demo-alb'] })
      .rejects(awsError('LoadBalancerNotFoundException'));
    mocks.elbv2.on(CreateLoadBalancerCommand).resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/demo-alb' }] });
    mocks.elbv2
      .on(DescribeLoadBalancersCommand, { LoadBalancerArns: ['arn:lb/demo-alb'] })
      .resolvesOnce({ LoadBalancers: [{ State: { Code: 'provisioning' } }] })
      .resolves({
        LoadBalancers: [
          { State: { Code: 'active' }, DNSName: 'demo-alb-1.elb.amazonaws.com', Scheme: 'internet-facing' },
        ],
      });
    const { deps, record, recorded, events } = fakeStepDeps(results);
    const result = await loadBalancerStep.execute({ scheme: 'internet-facing' }, deps, record);
    expect(result).toEqual({
      loadBalancerArn: 'arn:lb/demo-alb',
      name: 'demo-alb',
      dnsName: 'demo-alb-1.elb.amazonaws.com',
      scheme: 'internet-facing',
    });
    expect(mocks.elbv2.commandCalls(CreateLoadBalancerCommand)[0]!.args[0].input).toMatchObject({
      Name: 'demo-alb',
      Type: 'application',
      Scheme: 'internet-facing',
      Subnets: baseResults.network!.subnetIds,
      SecurityGroups: ['sg-0alb'],
      Tags: stackTag,
    });
    expect(recorded).toHaveLength(1);
    const waits = events.filter((e) => e.type === 'wait').map((e) => (e.type === 'wait' ? e.progress : ''));
    expect(waits).toEqual([undefined, 'provisioning', 'active']);
    expect(events.at(-1)).toMatchObject({ type: 'wait-end', ok: true });
  });

  it('Given it never becomes active, Then the wait ends at --wait-timeout with a message', async () => {
    mocks.elbv2
      .on(DescribeLoadBalancersCommand, { Names: ['demo-alb'] })
      .resolves({ LoadBalancers: [{ LoadBalancerArn: 'arn:lb/demo-alb' }] });
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:lb/demo-alb'));
    mocks.elbv2
      .on(DescribeLoadBalancersCommand, { LoadBalancerArns: ['arn:lb/demo-alb'] })
      .resolves({ LoadBalancers: [{ State: { Code: 'provisioning' } }] });
    const { deps, record, events } = fakeStepDeps(results);
    await expect(loadBalancerStep.execute({ scheme: 'internet-facing' }, deps, record)).rejects.toThrow(
      /timed out after 60s waiting for load balancer demo-alb to become active \(provisioning\).*--wait-timeout/,
    );
    expect(events.at(-1)).toMatchObject({ type: 'wait-end', ok: false });
  });

  it('Given teardown, Then it deletes the ALB and waits until it is gone', async () => {
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:lb/demo-alb'));
    mocks.elbv2.on(DeleteLoadBalancerCommand).resolves({});
    mocks.elbv2.on(DescribeLoadBalancersCommand).rejects(awsError('LoadBalancerNotFoundException'));
    const { deps } = fakeStepDeps();
    expect(
      await loadBalancerStep.teardown!(
        { kind: 'load-balancer', id: 'arn:lb/demo-alb', label: 'demo-alb', step: 'load-balancer', createdAt: '' },
        deps,
      ),
    ).toBe('deleted');
    expect(mocks.elbv2.commandCalls(DeleteLoadBalancerCommand)).toHaveLength(1);
  });
});

describe('listener step', () => {
  const results = { 'load-balancer': baseResults['load-balancer']!, 'target-group': baseResults['target-group']! };

  it('Given a new ALB, Then it creates the HTTP :80 listener forwarding to the target group and the /* rule', async () => {
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [] });
    mocks.elbv2.on(CreateListenerCommand).resolves({ Listeners: [{ ListenerArn: 'arn:listener/1' }] });
    mocks.elbv2
      .on(DescribeRulesCommand)
      .resolves({ Rules: [{ RuleArn: 'arn:rule/default', IsDefault: true, Priority: 'default' }] });
    mocks.elbv2.on(CreateRuleCommand).resolves({ Rules: [{ RuleArn: 'arn:rule/1' }] });
    const { deps, record, recorded } = fakeStepDeps(results);
    expect(await listenerStep.execute({ listenerPort: '80', pathPattern: '/*' }, deps, record)).toEqual({
      listenerArn: 'arn:listener/1',
      ruleArn: 'arn:rule/1',
      port: 80,
    });
    expect(mocks.elbv2.commandCalls(CreateListenerCommand)[0]!.args[0].input).toMatchObject({
      LoadBalancerArn: 'arn:lb/demo-alb',
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:tg/demo-tg' }],
    });
    expect(mocks.elbv2.commandCalls(CreateRuleCommand)[0]!.args[0].input).toMatchObject({
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg/demo-tg' }],
    });
    expect(recorded.map((r) => r.resource.kind)).toEqual(['listener', 'listener-rule']);
  });

  it('Given both exist (rerun), Then nothing is created', async () => {
    mocks.elbv2.on(DescribeListenersCommand).resolves({ Listeners: [{ ListenerArn: 'arn:listener/1', Port: 80 }] });
    mocks.elbv2.on(DescribeTagsCommand).resolves(ours('arn:listener/1'));
    mocks.elbv2.on(DescribeRulesCommand).resolves({
      Rules: [
        {
          RuleArn: 'arn:rule/1',
          Priority: '1',
          Conditions: [{ Field: 'path-pattern', Values: ['/*'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg/demo-tg' }],
        },
      ],
    });
    const { deps, record, recorded } = fakeStepDeps(results);
    await listenerStep.execute({ listenerPort: '80', pathPattern: '/*' }, deps, record);
    expect(mocks.elbv2.commandCalls(CreateListenerCommand)).toHaveLength(0);
    expect(mocks.elbv2.commandCalls(CreateRuleCommand)).toHaveLength(0);
    expect(recorded.every((r) => r.reused)).toBe(true);
  });

  it('Given teardown of a listener already gone, Then it counts as done', async () => {
    mocks.elbv2.on(DescribeTagsCommand).rejects(awsError('ListenerNotFoundException'));
    const { deps } = fakeStepDeps();
    expect(
      await listenerStep.teardown!(
        { kind: 'listener', id: 'arn:listener/1', label: 'l', step: 'listener', createdAt: '' },
        deps,
      ),
    ).toBe('already-gone');
    expect(mocks.elbv2.commandCalls(DeleteListenerCommand)).toHaveLength(0);
  });
});
