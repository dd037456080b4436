import { DescribeAutoScalingGroupsCommand, DescribeScalingActivitiesCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstancesCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CapacityResult } from '../../source/model/results.js';
import { clusterStep } from '../../source/steps/cluster.js';
import { instancesStep } from '../../source/steps/instances.js';
import type { StepContext } from '../../source/steps/types.js';
import { baseResults, fakeStepDeps, mocks } from './aws-mocks.js';
import { createResults } from './capacity-fixtures.js';

beforeEach(() => mocks.reset());

const capacity = { clusterName: 'demo-cluster', autoScalingGroupName: 'demo-asg', desired: 2 } as CapacityResult;

function givenGroup(states: string[], registered: string[]) {
  mocks.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      { AutoScalingGroupName: 'demo-asg', Instances: states.map((_, i) => ({ InstanceId: `i-${i}` })) } as never,
    ],
  });
  mocks.ec2.on(DescribeInstancesCommand).resolves({
    Reservations: [
      {
        Instances: states.map((Name, i) => ({
          InstanceId: `i-${i}`,
          State: { Name: Name as never },
          Placement: { AvailabilityZone: i % 2 ? 'ap-northeast-1c' : 'ap-northeast-1a' },
        })),
      },
    ],
  });
  mocks.ecs
    .on(ListContainerInstancesCommand)
    .resolves({ containerInstanceArns: registered.map((id) => `arn:ci/${id}`) });
  mocks.ecs.on(DescribeContainerInstancesCommand).resolves({
    containerInstances: registered.map((id) => ({ containerInstanceArn: `arn:ci/${id}`, ec2InstanceId: id })),
  });
  mocks.autoScaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
}

describe('instances step: waiting for the container instances', () => {
  it('Given both instances registered, Then it ends with them, and each wait event carries the instances table', async () => {
    givenGroup(['running', 'running'], ['i-0', 'i-1']);
    const { deps, events, record } = fakeStepDeps({ ...createResults, capacity });
    const result = await instancesStep.execute({}, deps, record);
    expect(result.instances.map((i) => [i.ec2InstanceId, i.az])).toEqual([
      ['i-0', 'ap-northeast-1a'],
      ['i-1', 'ap-northeast-1c'],
    ]);
    const last = events.filter((e) => e.type === 'wait' && e.instances).at(-1);
    expect(last).toMatchObject({
      progress: 'registered 2/2, running 2/2',
      instances: [
        { instanceId: 'i-0', az: 'ap-northeast-1a', ec2State: 'running', registered: true },
        { instanceId: 'i-1', az: 'ap-northeast-1c', ec2State: 'running', registered: true },
      ],
    });
  });

  it('Given one instance runs but never registers, Then the wait gives up naming it and the likely causes', async () => {
    givenGroup(['running', 'running'], ['i-0']);
    const { deps, events, record } = fakeStepDeps({ ...createResults, capacity });
    const error = await instancesStep.execute({}, deps, record).catch((e: unknown) => e);
    expect(String(error)).toMatch(
      /i-1 \(ap-northeast-1c\) runs but never registered: likely no internet route from its subnet .*ECS_CLUSTER .*demo-cluster.*AmazonEC2ContainerServiceforEC2Role/,
    );
    const rows = events.filter((e) => e.type === 'wait' && e.instances).at(-1);
    expect(rows).toMatchObject({ instances: [{ registered: true }, { instanceId: 'i-1', registered: false }] });
  });

  it('Given no instance launches, Then the timeout names the failed scaling activity', async () => {
    givenGroup([], []);
    mocks.autoScaling.on(DescribeScalingActivitiesCommand).resolves({
      Activities: [
        {
          StatusCode: 'Failed',
          StatusMessage: 'The requested instance type is not supported in ap-northeast-1d',
          ActivityId: 'a',
          AutoScalingGroupName: 'demo-asg',
          Cause: 'c',
          StartTime: new Date(),
        },
      ],
    });
    const { deps, record } = fakeStepDeps({ ...createResults, capacity });
    const error = await instancesStep.execute({}, deps, record).catch((e: unknown) => e);
    expect(String(error)).toMatch(
      /the group has 0 of 2 instances; its last failed launch: The requested instance type is not supported/,
    );
  });

  it('Given an existing cluster, Then the step is skipped saying why', () => {
    expect(instancesStep.skip?.({ cluster: 'ecs-demo' }, { stack: 'demo', region: 'r', results: {} })).toMatch(
      /ecs-demo already has its container instances/,
    );
  });
});

describe('cluster step: create a new cluster', () => {
  const empty: StepContext = {
    stack: 'demo',
    region: 'ap-northeast-1',
    results: {
      account: {
        ...baseResults.account!,
        clusters: [{ name: 'idle', arn: 'arn:c/idle', instances: 0, status: 'ACTIVE' }],
      },
    },
  };

  it('Given no cluster has container instances, Then "create a new cluster" is the first choice, with no default for headless runs', () => {
    const [q] = clusterStep.questions({}, empty);
    expect(q).toMatchObject({
      kind: 'select',
      flag: '--cluster',
      message: expect.stringMatching(/--create-cluster/) as unknown,
    });
    expect(q?.kind === 'select' && q.choices.map((c) => c.value)).toEqual(['--create-cluster', 'idle']);
    expect(q && 'default' in q ? q.default : undefined).toBeUndefined();
  });

  it('Given the create choice or --create-cluster, Then settle stores the mode and the cluster name, so resume keeps it', () => {
    expect(clusterStep.settle!({ cluster: '--create-cluster' }, empty)).toEqual({
      createCluster: 'true',
      cluster: 'demo-cluster',
    });
    expect(clusterStep.settle!({ createCluster: 'true' }, empty)).toEqual({ cluster: 'demo-cluster' });
    expect(clusterStep.settle!({ cluster: 'ecs-demo' }, empty)).toEqual({ createCluster: 'false' });
    expect(clusterStep.questions({ createCluster: 'true' }, empty)).toEqual([]);
  });

  it('Given --create-cluster with another --cluster, or a stack whose capacity provider name ECS reserves, Then validate names the flags and the rule', () => {
    expect(clusterStep.validate({ createCluster: 'true', cluster: 'ecs-demo' }, empty)).toMatch(
      /--cluster ecs-demo and --create-cluster contradict: --create-cluster makes the cluster demo-cluster/,
    );
    expect(
      clusterStep.validate({ createCluster: 'true', cluster: 'ecs-x-cluster' }, { ...empty, stack: 'ecs-x' }),
    ).toMatch(
      /--stack 'ecs-x' cannot be used with --create-cluster: the capacity provider name 'ecs-x-cp' begins with 'ecs'/,
    );
    expect(clusterStep.validate({ createCluster: 'true', cluster: 'demo-cluster' }, empty)).toBeUndefined();
  });

  it('Given no cluster and no --create-cluster, Then validate says to pass --create-cluster', () => {
    expect(
      clusterStep.validate(
        { cluster: 'nope', createCluster: 'false' },
        { ...empty, results: { account: { ...baseResults.account!, clusters: [] } } },
      ),
    ).toMatch(/pass --create-cluster/);
  });

  it('Given create mode, When it runs, Then it plans demo-cluster in the default VPC and creates nothing', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-def', IsDefault: true }] });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'ap-northeast-1a', MapPublicIpOnLaunch: true }],
    });
    const { deps, record, recorded } = fakeStepDeps(empty.results);
    const result = await clusterStep.execute({ createCluster: 'true', cluster: 'demo-cluster' }, deps, record);
    expect(result).toMatchObject({ clusterName: 'demo-cluster', vpcId: 'vpc-def', mode: 'create', instances: [] });
    expect(result.instanceSecurityGroupId).toBeUndefined();
    expect(recorded).toHaveLength(0);
  });

  it('Given no default VPC, Then it says how to make one or to pass --cluster', async () => {
    mocks.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    const { deps, record } = fakeStepDeps(empty.results);
    const error = await clusterStep.execute({ createCluster: 'true' }, deps, record).catch((e: unknown) => e);
    expect(String((error as Error).cause)).toMatch(
      /no default VPC in ap-northeast-1: create one \(aws ec2 create-default-vpc\)/,
    );
  });
});
