import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeLaunchTemplatesCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DescribeCapacityProvidersCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { GetInstanceProfileCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import { discoverOwned } from '../../source/engine/discover-owned.js';
import { awsError, mockedClients, mocks } from '../steps/aws-mocks.js';

const tag = [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }];

beforeEach(() => {
  mocks.reset();
  mocks.ecs.onAnyCommand().resolves({});
  mocks.elbv2.onAnyCommand().resolves({});
  mocks.ec2.onAnyCommand().resolves({});
  mocks.iam.onAnyCommand().resolves({});
  mocks.autoScaling.onAnyCommand().resolves({});
  mocks.iam.on(GetRoleCommand).rejects(awsError('NoSuchEntityException', 'not found', 404));
  mocks.iam.on(GetInstanceProfileCommand).rejects(awsError('NoSuchEntityException', 'not found', 404));
  mocks.ec2
    .on(DescribeLaunchTemplatesCommand)
    .rejects(awsError('InvalidLaunchTemplateName.NotFoundException', 'does not exist'));
});

const deps = () => ({ clients: mockedClients(), signal: new AbortController().signal, now: () => 0 });

describe('discovery of what --create-cluster makes', () => {
  it('Given a tagged cluster, group and instances security group no record holds (a crash before the record), Then they are found for the capacity step', async () => {
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        {
          clusterName: 'demo-cluster',
          clusterArn: 'arn:cluster/demo-cluster',
          status: 'ACTIVE',
          tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }],
        },
      ],
    });
    mocks.autoScaling
      .on(DescribeAutoScalingGroupsCommand)
      .resolves({ AutoScalingGroups: [{ AutoScalingGroupName: 'demo-asg', Tags: tag } as never] });
    mocks.ec2
      .on(DescribeSecurityGroupsCommand, { Filters: [{ Name: 'group-name', Values: ['demo-instances-sg'] }] })
      .resolves({
        SecurityGroups: [{ GroupId: 'sg-0inst', GroupName: 'demo-instances-sg', Tags: tag }],
      });
    const found = await discoverOwned('demo', undefined, deps());
    expect(found.found.map((f) => [f.kind, f.id, f.step])).toEqual([
      ['security-group', 'sg-0inst', 'capacity'],
      ['ecs-cluster', 'arn:cluster/demo-cluster', 'capacity'],
      ['auto-scaling-group', 'demo-asg', 'capacity'],
    ]);
    expect(found.leftAlone).toEqual([]);
  });

  it('Given an untagged role and a capacity provider of another stack with the stack\u2019s names, Then they are left alone with the reason', async () => {
    mocks.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'demo-ecs-instance', Tags: [] } as never });
    mocks.ecs.on(DescribeCapacityProvidersCommand).resolves({
      capacityProviders: [
        {
          name: 'demo-cp',
          capacityProviderArn: 'arn:cp/demo-cp',
          status: 'ACTIVE',
          tags: [{ key: 'ecs-alb-wizard:stack', value: 'other' }],
        },
      ],
    });
    const found = await discoverOwned('demo', undefined, deps());
    expect(found.found).toEqual([]);
    expect(found.leftAlone.map((l) => [l.kind, l.label, l.reason])).toEqual([
      ['iam-role', 'demo-ecs-instance', 'not tagged ecs-alb-wizard:stack=demo'],
      ['capacity-provider', 'demo-cp', "tagged for stack 'other', not 'demo'"],
    ]);
  });

  it('Given Auto Scaling cannot be asked (a narrow policy), Then the rest is still searched and what was not is said', async () => {
    mocks.autoScaling.on(DescribeAutoScalingGroupsCommand).rejects(awsError('AccessDenied', 'not authorized', 403));
    const found = await discoverOwned('demo', undefined, deps());
    expect(found.notSearched.join(' ')).toMatch(/the capacity --create-cluster makes \(demo-cluster, demo-asg/);
  });
});
