import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyStack } from '../../source/engine/verify-stack.js';
import { STATE_VERSION } from '../../source/state/schema.js';
import { startZonedFarm } from '../../verify/bench/zoned-farm.js';
import { awsError, baseResults, mocks } from '../steps/aws-mocks.js';
import { engineDeps } from './engine-deps.js';
import { CI_A, CI_C, I_A, I_C, targetOf, task } from './verifiable-stack.js';

const DNS = 'demo-alb-1.ap-northeast-1.elb.amazonaws.com';
const LB_ARN = 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/demo-alb/50dc6c495c0c9188';
const TG_ARN = 'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/demo-tg/73e2d6bc24d8a067';

// One task in ap-northeast-1a, two in ap-northeast-1c: uneven over the AZs.
const TASKS = [
  { ...task('a0000000000000000000000000000001', 'aaaaaaaaaaaa0000', CI_A, 32768), availabilityZone: 'ap-northeast-1a' },
  { ...task('c0000000000000000000000000000001', 'cccccccccc010000', CI_C, 32769), availabilityZone: 'ap-northeast-1c' },
  { ...task('c0000000000000000000000000000002', 'cccccccccc020000', CI_C, 32770), availabilityZone: 'ap-northeast-1c' },
];

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});
beforeEach(() => mocks.reset());

/** A stack on AWS whose ALB has a node per AZ (local stand-ins at 127.0.0.2 and .3), as DNS and EC2 say. */
async function givenAwsStack(crossZone: 'true' | 'false' | 'use_load_balancer_configuration', hostname?: string) {
  // With a fixed hostname every container answers that name: one stand-in answering it is enough.
  const farm = await startZonedFarm(
    [
      { zone: 'ap-northeast-1a', address: '127.0.0.2', backends: hostname ? [hostname] : ['aaaaaaaaaaaa'] },
      { zone: 'ap-northeast-1c', address: '127.0.0.3', backends: hostname ? [] : ['cccccccccc01', 'cccccccccc02'] },
    ],
    hostname !== undefined || crossZone !== 'false',
  );
  close = farm.close;
  const given = engineDeps();
  given.deps.store.set({
    version: STATE_VERSION,
    stack: 'demo',
    region: 'ap-northeast-1',
    createdAt: '',
    updatedAt: '',
    answers: {},
    steps: { service: { status: 'done', updatedAt: '' } },
    results: {
      ...baseResults,
      'target-group': { targetGroupArn: TG_ARN, name: 'demo-tg' },
      'load-balancer': { loadBalancerArn: LB_ARN, name: 'demo-alb', dnsName: DNS, scheme: 'internet-facing' },
      service: { serviceArn: 'arn:svc/demo', serviceName: 'demo-service', desiredCount: 3, healthy: 3 },
    },
    resources: [],
  });
  mocks.ecs.on(DescribeServicesCommand).resolves({
    services: [
      {
        desiredCount: 3,
        runningCount: 3,
        deployments: [{ status: 'PRIMARY', taskDefinition: 'arn:td/demo-hostname:3' }],
        loadBalancers: [{ containerName: 'app', containerPort: 4567, targetGroupArn: TG_ARN }],
      },
    ],
  });
  mocks.ecs.on(DescribeTaskDefinitionCommand).resolves({
    taskDefinition: {
      family: 'demo-hostname',
      revision: 3,
      containerDefinitions: [{ name: 'app', ...(hostname ? { hostname } : {}) }],
    },
  });
  mocks.ecs.on(ListTasksCommand).resolves({ taskArns: TASKS.map((t) => t.taskArn ?? '') });
  mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: TASKS });
  mocks.ecs.on(DescribeContainerInstancesCommand).resolves({
    containerInstances: [
      { containerInstanceArn: CI_A, ec2InstanceId: I_A },
      { containerInstanceArn: CI_C, ec2InstanceId: I_C },
    ],
  });
  mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [
      targetOf(I_A, 32768, 'healthy'),
      targetOf(I_C, 32769, 'healthy'),
      targetOf(I_C, 32770, 'healthy'),
    ],
  });
  mocks.elbv2.on(DescribeTargetGroupAttributesCommand).resolves({
    Attributes: [
      { Key: 'load_balancing.cross_zone.enabled', Value: crossZone },
      { Key: 'stickiness.enabled', Value: 'false' },
      { Key: 'load_balancing.algorithm.type', Value: 'round_robin' },
    ],
  });
  // The ALB's interfaces: private addresses in the VPC, public ones (what DNS gives) associated.
  mocks.ec2
    .on(DescribeNetworkInterfacesCommand, {
      Filters: [{ Name: 'description', Values: ['ELB app/demo-alb/50dc6c495c0c9188'] }],
    })
    .resolves({
      NetworkInterfaces: farm.nodes.map((node, i) => ({
        AvailabilityZone: node.zone,
        SubnetId: `subnet-0abc0000000000${i ? 'c' : 'a'}1`,
        PrivateIpAddress: `10.0.${i}.20`,
        Association: { PublicIp: node.address },
      })),
    });
  const ports = new Map(farm.nodes.map((n) => [n.address, n.port]));
  // DNS answers both node addresses; each stand-in listens on its own port, so the test's resolver
  // maps the name to them the way the sandbox's does.
  const resolve = (host: string) =>
    Promise.resolve(
      host === DNS ? farm.nodes.map((n) => ({ address: n.address, port: ports.get(n.address) ?? 0 })) : [],
    );
  return { ...given, resolve };
}

describe('verifyStack names the cause in AWS terms', () => {
  it('Given cross-zone off and 1 + 2 tasks over two AZs, then FAIL naming cross-zone, the shares, both nodes with AZ and subnet, and the fixes', async () => {
    const { deps, resolve } = await givenAwsStack('false');
    const { report } = await verifyStack(deps, { step: 'service', resolve });
    expect(report.verdict).toBe('FAIL');
    expect(report.backends.map((b) => [b.id, b.zone])).toEqual([
      ['aaaaaaaaaaaa', 'ap-northeast-1a'],
      ['cccccccccc01', 'ap-northeast-1c'],
      ['cccccccccc02', 'ap-northeast-1c'],
    ]);
    expect(report.nodes.map((n) => [n.address, n.zone, n.subnetId, n.backends.map((b) => b.id).sort()])).toEqual([
      ['127.0.0.2', 'ap-northeast-1a', 'subnet-0abc0000000000a1', ['aaaaaaaaaaaa']],
      ['127.0.0.3', 'ap-northeast-1c', 'subnet-0abc0000000000c1', ['cccccccccc01', 'cccccccccc02']],
    ]);
    const cause = report.findings.find((f) => f.id === 'cross-zone-off');
    expect(cause?.severity).toBe('cause');
    expect(cause?.text).toContain('(ap-northeast-1a: 1, ap-northeast-1c: 2)');
    expect(cause?.text).toContain(
      `--target-group-arn ${TG_ARN} --attributes Key=load_balancing.cross_zone.enabled,Value=true`,
    );
    expect(cause?.text).toContain(
      'aws ecs update-service --cluster ecs-demo --service demo-service --placement-strategy type=spread,field=attribute:ecs.availability-zone type=spread,field=instanceId',
    );
  });

  it('Given cross-zone as the load balancer has it (on for an ALB) and the same tasks, then PASS with no cause', async () => {
    const { deps, resolve } = await givenAwsStack('use_load_balancer_configuration');
    const { report } = await verifyStack(deps, { step: 'service', resolve });
    expect(report.verdict).toBe('PASS');
    expect(report.findings).toEqual([]);
    expect(report.nodes.every((n) => n.backends.length === 3)).toBe(true);
  });

  it('Given a task definition that sets hostname, then every task answers that name and the cause is the hostname, not the tasks', async () => {
    const { deps, resolve } = await givenAwsStack('true', 'web');
    const { report } = await verifyStack(deps, { step: 'service', resolve });
    expect(report.verdict).toBe('FAIL');
    expect(report.unexpected).toEqual(['web']);
    expect(report.missing.map((m) => m.id)).toEqual(['aaaaaaaaaaaa', 'cccccccccc01', 'cccccccccc02']);
    expect(report.findings).toEqual([
      {
        id: 'other-id',
        severity: 'cause',
        text: expect.stringContaining(
          "task definition demo-hostname:3 sets hostname 'web' on container app, so every task answers 'web' instead of its container id",
        ) as string,
      },
    ]);
  });

  it('Given the attributes and interfaces cannot be read (AccessDenied), then it verifies without them and logs what to grant', async () => {
    const { deps, events, resolve } = await givenAwsStack('false');
    mocks.elbv2.on(DescribeTargetGroupAttributesCommand).rejects(awsError('AccessDenied', 'not authorized', 403));
    mocks.ec2.on(DescribeNetworkInterfacesCommand).rejects(awsError('UnauthorizedOperation', 'not authorized', 403));
    const { report } = await verifyStack(deps, { step: 'service', resolve });
    expect(report.verdict).toBe('FAIL');
    expect(report.findings.map((f) => f.id)).toEqual(['nodes-disjoint']);
    const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs).toContainEqual(
      expect.stringContaining(
        'verify without target group attributes (elasticloadbalancing:DescribeTargetGroupAttributes)',
      ),
    );
    expect(logs).toContainEqual(
      expect.stringContaining('verify without load balancer node zones (ec2:DescribeNetworkInterfaces)'),
    );
  });
});
