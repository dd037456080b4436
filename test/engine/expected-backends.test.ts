import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import {
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type TargetHealthDescription,
  type TargetHealthReasonEnum,
  type TargetHealthStateEnum,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  fetchExpectedBackends,
  joinExpectedBackends,
  stackVerificationTarget,
  targetHint,
} from '../../source/engine/expected-backends.js';
import type { StepResults } from '../../source/model/results.js';

const CLUSTER = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/ecs-demo';
const CI_A = 'arn:aws:ecs:ap-northeast-1:123456789012:container-instance/ecs-demo/aaaa';
const CI_B = 'arn:aws:ecs:ap-northeast-1:123456789012:container-instance/ecs-demo/bbbb';
const instances = [
  { containerInstanceArn: CI_A, ec2InstanceId: 'i-0aaa' },
  { containerInstanceArn: CI_B, ec2InstanceId: 'i-0bbb' },
];

function task(id: string, runtimeId: string, instance: string, hostPort: number, extra: Partial<Task> = {}): Task {
  return {
    taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/ecs-demo/${id}`,
    lastStatus: 'RUNNING',
    containerInstanceArn: instance,
    containers: [{ name: 'web', runtimeId, networkBindings: [{ containerPort: 4567, hostPort, protocol: 'tcp' }] }],
    ...extra,
  };
}

const target = (
  id: string,
  port: number,
  State: TargetHealthStateEnum,
  Reason?: TargetHealthReasonEnum,
): TargetHealthDescription => ({
  Target: { Id: id, Port: port },
  TargetHealth: { State, ...(Reason ? { Reason } : {}) },
});

const T1 = task('t1', '3f2a9b1c0d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f', CI_A, 32768);
const T2 = task('t2', '77aa00bb11cc22dd33ee44ff5566778899aabbccddeeff00112233445566778', CI_B, 32771);

describe('joinExpectedBackends', () => {
  it.each([
    {
      given: 'two healthy tasks on two instances',
      tasks: [T1, T2],
      targets: [target('i-0aaa', 32768, 'healthy'), target('i-0bbb', 32771, 'healthy')],
      want: [
        expect.objectContaining({
          id: '3f2a9b1c0d4e',
          taskId: 't1',
          instanceId: 'i-0aaa',
          hostPort: 32768,
          targetHealth: 'healthy',
        }),
        expect.objectContaining({
          id: '77aa00bb11cc',
          taskId: 't2',
          instanceId: 'i-0bbb',
          hostPort: 32771,
          targetHealth: 'healthy',
        }),
      ],
    },
    {
      given: 'a target timing out on its health check',
      tasks: [T2],
      targets: [target('i-0bbb', 32771, 'unhealthy', 'Target.Timeout')],
      want: [
        {
          id: '77aa00bb11cc',
          taskId: 't2',
          instanceId: 'i-0bbb',
          hostPort: 32771,
          targetHealth: 'unhealthy',
          targetReason: 'Target.Timeout',
          hint: "the instances' security group must allow the ALB security group on 32768-65535",
        },
      ],
    },
    {
      given: 'the same instance but another port registered (join is on instance AND port)',
      tasks: [T1],
      targets: [target('i-0aaa', 32769, 'healthy')],
      want: [expect.objectContaining({ id: '3f2a9b1c0d4e', targetHealth: 'not registered' })],
    },
    {
      given: 'a task that is not RUNNING yet',
      tasks: [task('t3', 'abcdefabcdef0000', CI_A, 32770, { lastStatus: 'PENDING' })],
      targets: [],
      want: [],
    },
    {
      given: 'a sidecar without ports listed first',
      tasks: [
        {
          ...T1,
          containers: [
            { name: 'log-router', runtimeId: 'ffffffffffff0000', networkBindings: [] },
            ...(T1.containers ?? []),
          ],
        },
      ],
      targets: [target('i-0aaa', 32768, 'initial', 'Elb.InitialHealthChecking')],
      want: [
        expect.objectContaining({
          id: '3f2a9b1c0d4e',
          hostPort: 32768,
          targetHealth: 'initial',
          targetReason: 'Elb.InitialHealthChecking',
        }),
      ],
    },
  ])('Given $given, then the expected backends are as joined', ({ tasks, targets, want }) => {
    expect(joinExpectedBackends(tasks, instances, targets)).toEqual(want);
  });

  it('Given a container name and port, then that container and binding are used', () => {
    const multi = task('t4', 'aaaaaaaaaaaa1111', CI_A, 0, {
      containers: [
        { name: 'admin', runtimeId: 'bbbbbbbbbbbb2222', networkBindings: [{ containerPort: 9000, hostPort: 33000 }] },
        {
          name: 'web',
          runtimeId: 'cccccccccccc3333',
          networkBindings: [
            { containerPort: 9090, hostPort: 33001 },
            { containerPort: 4567, hostPort: 33002 },
          ],
        },
      ],
    });
    const [backend] = joinExpectedBackends([multi], instances, [], { containerName: 'web', containerPort: 4567 });
    expect(backend).toMatchObject({ id: 'cccccccccccc', hostPort: 33002, instanceId: 'i-0aaa' });
  });

  it("Given tasks with an AZ (or only their instance's ecs.availability-zone) and slow start, then each backend has its zone and ramp end", () => {
    const started = new Date('2026-11-25T10:00:00.000Z');
    const withZone = task('t1', 'aaaaaaaaaaaa0', CI_A, 32768, {
      availabilityZone: 'ap-northeast-1a',
      startedAt: started,
    });
    const fromInstance = task('t2', 'bbbbbbbbbbbb0', CI_B, 32771);
    const zoned = [
      instances[0],
      { ...instances[1], attributes: [{ name: 'ecs.availability-zone', value: 'ap-northeast-1c' }] },
    ];
    const backends = joinExpectedBackends([withZone, fromInstance], zoned as typeof instances, [], {
      rampSeconds: 180,
    });
    expect(backends.map((b) => [b.id, b.zone, b.rampsUntil])).toEqual([
      ['aaaaaaaaaaaa', 'ap-northeast-1a', '2026-11-25T10:03:00.000Z'],
      ['bbbbbbbbbbbb', 'ap-northeast-1c', undefined],
    ]);
  });

  it('Given a custom host port range, then the Target.Timeout hint quotes it', () => {
    expect(targetHint('unhealthy', 'Target.Timeout', '49153-65535')).toContain('49153-65535');
  });
});

describe('fetchExpectedBackends', () => {
  const ecs = mockClient(ECSClient);
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  beforeEach(() => {
    ecs.reset();
    elbv2.reset();
  });

  it('Given a service with tasks over two ListTasks pages, then every RUNNING task is joined with its instance and target', async () => {
    // Given
    ecs
      .on(ListTasksCommand, { nextToken: undefined })
      .resolves({ taskArns: [T1.taskArn ?? ''], nextToken: 'page-2' })
      .on(ListTasksCommand, { nextToken: 'page-2' })
      .resolves({ taskArns: [T2.taskArn ?? ''] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [T1, T2] });
    ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: instances });
    elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        target('i-0aaa', 32768, 'healthy'),
        target('i-0bbb', 32771, 'unhealthy', 'Target.Timeout'),
      ],
    });
    // When
    const backends = await fetchExpectedBackends(
      { ecs: new ECSClient({}), elbv2: new ElasticLoadBalancingV2Client({}) },
      { cluster: CLUSTER, service: 'demo-service', targetGroupArn: 'arn:tg' },
    );
    // Then
    expect(backends.map((b) => [b.id, b.instanceId, b.hostPort, b.targetHealth])).toEqual([
      ['3f2a9b1c0d4e', 'i-0aaa', 32768, 'healthy'],
      ['77aa00bb11cc', 'i-0bbb', 32771, 'unhealthy'],
    ]);
    expect(ecs.commandCalls(ListTasksCommand).map((c) => c.args[0].input)).toEqual([
      { cluster: CLUSTER, serviceName: 'demo-service', desiredStatus: 'RUNNING', nextToken: undefined },
      { cluster: CLUSTER, serviceName: 'demo-service', desiredStatus: 'RUNNING', nextToken: 'page-2' },
    ]);
    expect(ecs.commandCalls(DescribeTasksCommand)[0]?.args[0].input).toEqual({
      cluster: CLUSTER,
      tasks: [T1.taskArn, T2.taskArn],
    });
    expect(elbv2.commandCalls(DescribeTargetHealthCommand)[0]?.args[0].input).toEqual({ TargetGroupArn: 'arn:tg' });
  });

  it('Given ECS refuses, then the error names the action and keeps the cause', async () => {
    ecs
      .on(ListTasksCommand)
      .rejects(Object.assign(new Error('Cluster not found.'), { name: 'ClusterNotFoundException' }));
    const failing = fetchExpectedBackends(
      { ecs: new ECSClient({}), elbv2: new ElasticLoadBalancingV2Client({}) },
      { cluster: 'nope', service: 'demo-service', targetGroupArn: 'arn:tg' },
    );
    await expect(failing).rejects.toThrow('list running tasks of service demo-service');
    await expect(failing).rejects.toMatchObject({ cause: { name: 'ClusterNotFoundException' } });
  });
});

describe('stackVerificationTarget', () => {
  const ecs = mockClient(ECSClient);
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const results = {
    cluster: { clusterName: 'ecs-demo' },
    'target-group': { targetGroupArn: 'arn:tg', name: 'demo-tg' },
    'load-balancer': { dnsName: 'demo-alb-123.ap-northeast-1.elb.amazonaws.com' },
    listener: { port: 8080 },
    service: { serviceName: 'demo-service' },
  } as unknown as StepResults;

  beforeEach(() => {
    ecs.reset();
    elbv2.reset();
    ecs.on(ListTasksCommand).resolves({ taskArns: [T1.taskArn ?? ''] });
    ecs.on(DescribeTasksCommand).resolves({ tasks: [T1] });
    ecs.on(DescribeContainerInstancesCommand).resolves({ containerInstances: instances });
    elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [target('i-0aaa', 32768, 'healthy')] });
  });

  it.each([
    [{}, 'http://demo-alb-123.ap-northeast-1.elb.amazonaws.com:8080/hostname'],
    [{ healthCheckPath: '/status' }, 'http://demo-alb-123.ap-northeast-1.elb.amazonaws.com:8080/status'],
  ])(
    'Given saved results and answers %j, then the URL is %s and the backends come from the service',
    async (answers, url) => {
      const target = await stackVerificationTarget(
        { ecs: new ECSClient({}), elbv2: new ElasticLoadBalancingV2Client({}) },
        results,
        answers,
      );
      expect(target.url).toBe(url);
      expect(target.expected.map((b) => b.id)).toEqual(['3f2a9b1c0d4e']);
      expect(ecs.commandCalls(ListTasksCommand)[0]?.args[0].input).toMatchObject({
        cluster: 'ecs-demo',
        serviceName: 'demo-service',
      });
    },
  );

  it('Given a stack whose service step has not run, then it says which step is missing', async () => {
    const partial = { ...results, service: undefined } as StepResults;
    await expect(
      stackVerificationTarget({ ecs: new ECSClient({}), elbv2: new ElasticLoadBalancingV2Client({}) }, partial, {}),
    ).rejects.toThrow("the 'service' step has not run yet");
  });
});
