import { DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DeleteLaunchTemplateCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
} from '@aws-sdk/client-ec2';
import {
  DeleteCapacityProviderCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  ListContainerInstancesCommand,
  PutClusterCapacityProvidersCommand,
} from '@aws-sdk/client-ecs';
import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import { capacityStep } from '../../source/steps/capacity.js';
import { awsError, fakeStepDeps, mocks } from './aws-mocks.js';
import { ecsTag, tag } from './capacity-fixtures.js';

beforeEach(() => mocks.reset());

const at = '2026-12-01T00:00:00.000Z';
const resource = (kind: RecordedResource['kind'], id: string, label = id, details?: Record<string, string>) =>
  ({ kind, id, label, step: 'capacity', createdAt: at, ...(details ? { details } : {}) }) as RecordedResource;

const provider = resource('capacity-provider', 'arn:cp/demo-cp', 'demo-cp', {
  name: 'demo-cp',
  cluster: 'demo-cluster',
});
const group = resource('auto-scaling-group', 'demo-asg');
const cluster = resource('ecs-cluster', 'arn:cluster/demo-cluster', 'demo-cluster');
const template = resource('launch-template', 'lt-0abc', 'demo-lt (lt-0abc)');
const profile = resource('instance-profile', 'demo-ecs-instance');
const role = resource('iam-role', 'demo-ecs-instance');
const instanceGroup = resource('security-group', 'sg-0inst', 'sg-0inst (demo-instances-sg)');

describe('capacity teardown: the capacity provider', () => {
  it('Given it is on the cluster with another provider, Then it comes off (the other stays), is deleted and waited gone', async () => {
    let deleted = false;
    mocks.ecs.on(DescribeCapacityProvidersCommand).callsFake(() => ({
      capacityProviders: [
        {
          name: 'demo-cp',
          capacityProviderArn: 'arn:cp/demo-cp',
          status: deleted ? 'INACTIVE' : 'ACTIVE',
          tags: ecsTag,
        },
      ],
    }));
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        {
          clusterName: 'demo-cluster',
          status: 'ACTIVE',
          capacityProviders: ['demo-cp', 'other-cp'],
          defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp' }, { capacityProvider: 'other-cp' }],
        },
      ],
    });
    mocks.ecs.on(DeleteCapacityProviderCommand).callsFake(() => ((deleted = true), {}));
    const { deps, events } = fakeStepDeps();
    await expect(capacityStep.teardown!(provider, deps)).resolves.toBe('deleted');
    expect(mocks.ecs.commandCalls(PutClusterCapacityProvidersCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo-cluster',
      capacityProviders: ['other-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'other-cp' }],
    });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'wait-end', id: 'capacity-provider-deleted', ok: true }),
    );
  });

  it('Given it lost the stack tag, Then it is not ours and nothing is changed', async () => {
    mocks.ecs.on(DescribeCapacityProvidersCommand).resolves({
      capacityProviders: [{ name: 'demo-cp', capacityProviderArn: 'arn:cp/demo-cp', status: 'ACTIVE', tags: [] }],
    });
    const { deps } = fakeStepDeps();
    await expect(capacityStep.teardown!(provider, deps)).resolves.toBe('not-ours');
    expect(mocks.ecs.commandCalls(DeleteCapacityProviderCommand)).toHaveLength(0);
    expect(mocks.ecs.commandCalls(PutClusterCapacityProvidersCommand)).toHaveLength(0);
  });

  it('Given it is gone already, Then already-gone', async () => {
    mocks.ecs
      .on(DescribeCapacityProvidersCommand)
      .resolves({ capacityProviders: [], failures: [{ reason: 'MISSING' }] });
    const { deps } = fakeStepDeps();
    await expect(capacityStep.teardown!(provider, deps)).resolves.toBe('already-gone');
  });
});

describe('capacity teardown: the Auto Scaling group', () => {
  it('Given two instances, Then it is force-deleted and waited until the group is gone and both are terminated', async () => {
    let looks = 0;
    mocks.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(() => ({
      AutoScalingGroups:
        looks++ < 3
          ? [{ AutoScalingGroupName: 'demo-asg', Tags: tag, Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }] }]
          : [],
    }));
    let describes = 0;
    mocks.ec2.on(DescribeInstancesCommand).callsFake(() => ({
      Reservations: [
        {
          Instances: [
            { InstanceId: 'i-1', State: { Name: describes++ < 1 ? 'shutting-down' : 'terminated' } },
            { InstanceId: 'i-2', State: { Name: 'terminated' } },
          ],
        },
      ],
    }));
    const { deps, events } = fakeStepDeps();
    await expect(capacityStep.teardown!(group, deps)).resolves.toBe('deleted');
    expect(mocks.autoScaling.commandCalls(DeleteAutoScalingGroupCommand)[0]!.args[0].input).toEqual({
      AutoScalingGroupName: 'demo-asg',
      ForceDelete: true,
    });
    const progress = events.flatMap((e) => (e.type === 'wait' && e.progress ? [e.progress] : []));
    expect(progress).toContain('2/2 instances terminated');
    expect(progress.some((p) => p.includes('group still there'))).toBe(true);
  });

  it('Given instances that never terminate, Then the wait gives up naming them', async () => {
    mocks.autoScaling.on(DescribeAutoScalingGroupsCommand).resolves({
      AutoScalingGroups: [{ AutoScalingGroupName: 'demo-asg', Tags: tag, Instances: [{ InstanceId: 'i-1' }] } as never],
    });
    mocks.ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Name: 'shutting-down' } }] }] });
    const { deps } = fakeStepDeps();
    const error = await capacityStep.teardown!(group, deps).catch((e: unknown) => e);
    expect(String((error as Error).cause)).toMatch(/timed out after 60s .*instances i-1 are still shutting down/);
  });

  it('Given a group of that name without the tag, Then it is not ours and not deleted', async () => {
    mocks.autoScaling
      .on(DescribeAutoScalingGroupsCommand)
      .resolves({ AutoScalingGroups: [{ AutoScalingGroupName: 'demo-asg', Tags: [] } as never] });
    const { deps } = fakeStepDeps();
    await expect(capacityStep.teardown!(group, deps)).resolves.toBe('not-ours');
    expect(mocks.autoScaling.commandCalls(DeleteAutoScalingGroupCommand)).toHaveLength(0);
  });
});

describe('capacity teardown: the cluster', () => {
  it('Given a container instance left and ECS still counting it once, Then it is deregistered and the delete retried until it goes', async () => {
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        { clusterName: 'demo-cluster', clusterArn: 'arn:cluster/demo-cluster', status: 'ACTIVE', tags: ecsTag },
      ],
    });
    mocks.ecs
      .on(ListContainerInstancesCommand, { cluster: 'demo-cluster', status: 'ACTIVE' })
      .resolvesOnce({ containerInstanceArns: ['arn:ci/1'] })
      .resolves({ containerInstanceArns: [] });
    mocks.ecs
      .on(ListContainerInstancesCommand, { cluster: 'demo-cluster', status: 'DRAINING' })
      .resolves({ containerInstanceArns: [] });
    mocks.ecs
      .on(DeleteClusterCommand)
      .rejectsOnce(
        awsError(
          'ClusterContainsContainerInstancesException',
          'The Cluster cannot be deleted while Container Instances are active or draining.',
        ),
      )
      .resolves({});
    const { deps, events } = fakeStepDeps();
    await expect(capacityStep.teardown!(cluster, deps)).resolves.toBe('deleted');
    expect(mocks.ecs.commandCalls(DeregisterContainerInstanceCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo-cluster',
      containerInstance: 'arn:ci/1',
      force: true,
    });
    expect(mocks.ecs.commandCalls(DeleteClusterCommand)).toHaveLength(2);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'log',
        message: expect.stringMatching(
          /not deletable yet \(ClusterContainsContainerInstancesException\), retry 1/,
        ) as unknown,
      }),
    );
  });

  it('Given a cluster of that name without the stack tag, Then it is not ours and never deleted', async () => {
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [{ clusterName: 'demo-cluster', clusterArn: 'arn:cluster/demo-cluster', status: 'ACTIVE', tags: [] }],
    });
    const { deps } = fakeStepDeps();
    await expect(capacityStep.teardown!(cluster, deps)).resolves.toBe('not-ours');
    expect(mocks.ecs.commandCalls(DeleteClusterCommand)).toHaveLength(0);
    expect(mocks.ecs.commandCalls(DeregisterContainerInstanceCommand)).toHaveLength(0);
  });

  it('Given it is INACTIVE, Then already-gone', async () => {
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [
        { clusterName: 'demo-cluster', clusterArn: 'arn:cluster/demo-cluster', status: 'INACTIVE', tags: ecsTag },
      ],
    });
    const { deps } = fakeStepDeps();
    await expect(capacityStep.teardown!(cluster, deps)).resolves.toBe('already-gone');
  });
});

describe('capacity teardown: launch template, instance profile, role, instances group', () => {
  it('Given each is the stack\u2019s, Then the profile loses its role first, the role its policies, and each is deleted', async () => {
    mocks.ec2
      .on(DescribeLaunchTemplatesCommand)
      .resolves({ LaunchTemplates: [{ LaunchTemplateId: 'lt-0abc', Tags: tag }] });
    mocks.iam.on(GetInstanceProfileCommand).resolves({
      InstanceProfile: {
        InstanceProfileName: 'demo-ecs-instance',
        Roles: [{ RoleName: 'demo-ecs-instance' } as never],
        Tags: tag,
      } as never,
    });
    mocks.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'demo-ecs-instance', Tags: tag } as never });
    mocks.iam
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyArn: 'arn:p/1' }, { PolicyArn: 'arn:p/2' }] });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0inst', Tags: tag }] });
    mocks.ec2
      .on(DeleteSecurityGroupCommand)
      .rejectsOnce(awsError('DependencyViolation', 'resource sg-0inst has a dependent object'))
      .resolves({});
    const { deps } = fakeStepDeps();
    for (const r of [template, profile, role, instanceGroup])
      await expect(capacityStep.teardown!(r, deps), r.kind).resolves.toBe('deleted');
    expect(mocks.ec2.commandCalls(DeleteLaunchTemplateCommand)[0]!.args[0].input).toEqual({
      LaunchTemplateId: 'lt-0abc',
    });
    expect(mocks.iam.commandCalls(RemoveRoleFromInstanceProfileCommand)).toHaveLength(1);
    expect(mocks.iam.commandCalls(DeleteInstanceProfileCommand)).toHaveLength(1);
    expect(mocks.iam.commandCalls(DetachRolePolicyCommand).map((c) => c.args[0].input.PolicyArn)).toEqual([
      'arn:p/1',
      'arn:p/2',
    ]);
    expect(mocks.iam.commandCalls(DeleteRoleCommand)).toHaveLength(1);
    expect(mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(2);
  });

  it('Given each is gone or untagged, Then already-gone or not-ours, deleting nothing', async () => {
    mocks.ec2
      .on(DescribeLaunchTemplatesCommand)
      .rejects(awsError('InvalidLaunchTemplateName.NotFoundException', 'does not exist'));
    mocks.iam.on(GetInstanceProfileCommand).rejects(awsError('NoSuchEntityException', 'cannot be found', 404));
    mocks.iam.on(GetRoleCommand).resolves({ Role: { RoleName: 'demo-ecs-instance', Tags: [] } as never });
    mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: 'sg-0inst', Tags: [] }] });
    const { deps } = fakeStepDeps();
    await expect(capacityStep.teardown!(template, deps)).resolves.toBe('already-gone');
    await expect(capacityStep.teardown!(profile, deps)).resolves.toBe('already-gone');
    await expect(capacityStep.teardown!(role, deps)).resolves.toBe('not-ours');
    await expect(capacityStep.teardown!(instanceGroup, deps)).resolves.toBe('not-ours');
    expect(mocks.iam.commandCalls(DeleteRoleCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
  });
});
