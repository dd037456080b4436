import { DescribeInstancesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
} from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { beforeEach, describe, expect, it } from 'vitest';
import { friendlyError } from '../../source/aws/errors.js';
import { accountStep } from '../../source/steps/account.js';
import { clusterStep } from '../../source/steps/cluster.js';
import { awsError, baseResults, fakeStepDeps, mocks } from './aws-mocks.js';

beforeEach(() => mocks.reset());

describe('account step', () => {
  it('Given credentials, When it runs, Then it reports the account and lists clusters with instance counts', async () => {
    mocks.sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/me' });
    mocks.ecs.on(ListClustersCommand).resolves({ clusterArns: ['arn:c/ecs-demo'] });
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        {
          clusterName: 'ecs-demo',
          clusterArn: 'arn:c/ecs-demo',
          registeredContainerInstancesCount: 2,
          status: 'ACTIVE',
        },
      ],
    });
    const { deps, record } = fakeStepDeps();
    const result = await accountStep.execute({}, deps, record);
    expect(result).toEqual({
      accountId: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/me',
      region: 'ap-northeast-1',
      clusters: [{ name: 'ecs-demo', arn: 'arn:c/ecs-demo', instances: 2, status: 'ACTIVE' }],
    });
  });

  it('Given expired credentials, Then the error says so and hints at --sandbox', async () => {
    mocks.sts
      .on(GetCallerIdentityCommand)
      .rejects(awsError('ExpiredToken', 'The security token included in the request is expired', 403));
    const { deps, record } = fakeStepDeps();
    const error = await accountStep.execute({}, deps, record).catch((e: unknown) => e);
    const friendly = friendlyError(error);
    expect(friendly.message).toMatch(/expired or invalid/);
    expect(friendly.hint).toMatch(/--sandbox/);
    expect(friendly.code).toBe('ExpiredToken');
  });
});

describe('cluster step', () => {
  function givenInstances(groups: string[][]) {
    mocks.ecs
      .on(ListContainerInstancesCommand)
      .resolves({ containerInstanceArns: groups.map((_, i) => `arn:ci/${i}`) });
    mocks.ecs.on(DescribeContainerInstancesCommand).resolves({
      containerInstances: groups.map((_, i) => ({ containerInstanceArn: `arn:ci/${i}`, ec2InstanceId: `i-${i}` })),
    });
    mocks.ec2.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: groups.map((g, i) => ({
            InstanceId: `i-${i}`,
            VpcId: 'vpc-1',
            SecurityGroups: g.map((GroupId) => ({ GroupId })),
          })),
        },
      ],
    });
    mocks.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-c', AvailabilityZone: 'ap-northeast-1c', MapPublicIpOnLaunch: true },
        { SubnetId: 'subnet-a', AvailabilityZone: 'ap-northeast-1a', MapPublicIpOnLaunch: true },
      ],
    });
  }

  it('Given two instances sharing a group, Then it finds their VPC, group and the VPC subnets by AZ', async () => {
    givenInstances([['sg-shared', 'sg-x'], ['sg-shared']]);
    const { deps, record } = fakeStepDeps({ account: baseResults.account! });
    const result = await clusterStep.execute({ cluster: 'ecs-demo' }, deps, record);
    expect(result).toMatchObject({
      clusterName: 'ecs-demo',
      vpcId: 'vpc-1',
      instanceSecurityGroupId: 'sg-shared',
      instances: [{ ec2InstanceId: 'i-0' }, { ec2InstanceId: 'i-1' }],
    });
    expect(result.subnets.map((s) => s.id)).toEqual(['subnet-a', 'subnet-c']);
  });

  it('Given instances with no common group, Then it explains what to fix', async () => {
    givenInstances([['sg-1'], ['sg-2']]);
    const { deps, record } = fakeStepDeps({ account: baseResults.account! });
    await expect(clusterStep.execute({ cluster: 'ecs-demo' }, deps, record)).rejects.toThrow(
      /inspect cluster ecs-demo/,
    );
    const error = await clusterStep.execute({ cluster: 'ecs-demo' }, deps, record).catch((e: unknown) => e);
    expect(friendlyError(error).message).toMatch(/share no security group/);
  });

  it('Given a cluster whose instances all left, Then it says what is missing', async () => {
    mocks.ecs.on(ListContainerInstancesCommand).resolves({ containerInstanceArns: [] });
    const { deps, record } = fakeStepDeps({ account: baseResults.account! });
    const error = await clusterStep.execute({ cluster: 'ecs-demo' }, deps, record).catch((e: unknown) => e);
    expect(friendlyError(error).message).toMatch(
      /no ACTIVE container instances; register EC2 instances \(ECS_CLUSTER=ecs-demo\)/,
    );
  });
});
