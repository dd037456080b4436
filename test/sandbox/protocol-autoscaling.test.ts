import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
  DescribeTagsCommand,
  SetInstanceProtectionCommand,
  UpdateAutoScalingGroupCommand,
  DeleteAutoScalingGroupCommand,
} from '@aws-sdk/client-auto-scaling';
import { CreateCapacityProviderCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createGroup, createInstanceIdentity, createTemplate, groupInstances } from './capacity-fixtures.js';
import { waitFor } from './fixtures.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const subnets = seed.subnets.map((s) => s.id).join(',');

async function group(s: TestSandbox, name = 'demo-asg') {
  const out = await s.autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  return out.AutoScalingGroups?.[0];
}

describe('EC2 Auto Scaling through the SDK (awsQuery 2011-01-01)', () => {
  it('Given a profile that just got its role, when a group is created at once, then it is refused with the invalid-profile ValidationError; a few AWS-seconds later the same call succeeds', async () => {
    const s = await startTestSandbox({ seed: 'empty', timeScale: 2 });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    const create = () =>
      s.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: 'demo-asg',
          LaunchTemplate: { LaunchTemplateName: 'demo-lt', Version: '$Latest' },
          MinSize: 0,
          MaxSize: 1,
          DesiredCapacity: 1,
          VPCZoneIdentifier: subnets,
        }),
      );
    await expect(create()).rejects.toMatchObject({
      name: 'ValidationError',
      message:
        'You must use a valid fully-formed launch template. Value (demo-ecs-instance) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name',
    });
    expect(await group(s)).toBeUndefined();
    await waitFor(
      'the profile to propagate',
      () =>
        create().then(
          () => true,
          () => false,
        ),
      10_000,
    );
    expect((await group(s))?.DesiredCapacity).toBe(1);
  });

  it('Given a group, then a second create is AlreadyExists, bad sizes and unknown templates or subnets are ValidationErrors, and an unknown group is named', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 1);
    const input = {
      AutoScalingGroupName: 'demo-asg',
      LaunchTemplate: { LaunchTemplateName: 'demo-lt' },
      MinSize: 0,
      MaxSize: 1,
      VPCZoneIdentifier: subnets,
    };
    await expect(s.autoScaling.send(new CreateAutoScalingGroupCommand(input))).rejects.toMatchObject({
      name: 'AlreadyExistsFault',
    });
    for (const [change, message] of [
      [{ MinSize: 2, MaxSize: 1 }, 'Max bound, 1, must be greater than or equal to min bound, 2'],
      [{ DesiredCapacity: 3 }, 'Desired capacity:3 must be between the specified min size:0 and max size:1'],
      [{ LaunchTemplate: { LaunchTemplateName: 'nope' } }, 'You must use a valid fully-formed launch template.'],
      [{ VPCZoneIdentifier: 'subnet-0000000000000000f' }, "The subnet ID 'subnet-0000000000000000f' does not exist"],
    ] as const) {
      await expect(
        s.autoScaling.send(new CreateAutoScalingGroupCommand({ ...input, AutoScalingGroupName: 'other', ...change })),
      ).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringContaining(message) as unknown });
    }
    await expect(
      s.autoScaling.send(new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'nope', DesiredCapacity: 1 })),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining("'nope' not found") as unknown,
    });
  });

  it('Given groups with and without a tag, then DescribeAutoScalingGroups filters by tag:KEY and pages, and DescribeTags lists the propagated tag', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 0, 'demo-asg');
    await s.autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: 'untagged',
        LaunchTemplate: { LaunchTemplateName: 'demo-lt' },
        MinSize: 0,
        MaxSize: 0,
        VPCZoneIdentifier: subnets,
      }),
    );
    const tagged = await s.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: 'tag:ecs-alb-wizard:stack', Values: ['demo'] }] }),
    );
    expect(tagged.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['demo-asg']);
    const first = await s.autoScaling.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 1 }));
    expect(first.AutoScalingGroups).toHaveLength(1);
    const second = await s.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ MaxRecords: 1, NextToken: first.NextToken }),
    );
    expect(second.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(['untagged']);
    expect(second.NextToken).toBeUndefined();
    const tags = await s.autoScaling.send(
      new DescribeTagsCommand({ Filters: [{ Name: 'auto-scaling-group', Values: ['demo-asg'] }] }),
    );
    expect(tags.Tags).toEqual([
      {
        ResourceId: 'demo-asg',
        ResourceType: 'auto-scaling-group',
        Key: 'ecs-alb-wizard:stack',
        Value: 'demo',
        PropagateAtLaunch: true,
      },
    ]);
  });

  it('Given protected instances, when desired drops to 0, then they stay (scale-in protection); unprotected, the group scales in', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 2);
    const ids = await groupInstances(s, 2);
    expect((await group(s))?.Instances?.every((i) => i.ProtectedFromScaleIn)).toBe(true);
    expect((await group(s))?.NewInstancesProtectedFromScaleIn).toBe(true);
    await s.autoScaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', DesiredCapacity: 0 }),
    );
    expect((await group(s))?.Instances).toHaveLength(2);
    await s.autoScaling.send(
      new SetInstanceProtectionCommand({
        AutoScalingGroupName: 'demo-asg',
        InstanceIds: ids,
        ProtectedFromScaleIn: false,
      }),
    );
    await s.autoScaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', DesiredCapacity: 0 }),
    );
    await groupInstances(s, 0);
    await expect(
      s.autoScaling.send(
        new SetInstanceProtectionCommand({
          AutoScalingGroupName: 'demo-asg',
          InstanceIds: ['i-0000000000000000f'],
          ProtectedFromScaleIn: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('Given a Graviton type on the x86_64 AMI, then no instance launches and a Failed activity says the architectures do not match', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, { ...identity, instanceType: 't4g.small', arch: 'x86_64' });
    await createGroup(s, 'demo-lt', 1);
    const activities = await s.autoScaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'demo-asg' }),
    );
    expect(activities.Activities?.[0]).toMatchObject({
      StatusCode: 'Failed',
      StatusMessage: expect.stringContaining(
        "The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI.",
      ) as unknown,
    });
    expect((await group(s))?.Instances).toEqual([]);
  });

  it('Given a Graviton type on the arm64 AMI, then it launches and EC2 reports arm64', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, { ...identity, instanceType: 't4g.small', arch: 'arm64' });
    await createGroup(s, 'demo-lt', 1);
    await groupInstances(s, 1);
    const activities = await s.autoScaling.send(
      new DescribeScalingActivitiesCommand({ AutoScalingGroupName: 'demo-asg' }),
    );
    expect(activities.Activities?.[0]?.Description).toMatch(/^Launching a new EC2 instance: i-/);
    expect(activities.Activities?.some((a) => a.StatusCode === 'Failed')).toBe(false);
  });

  it('Given a throttle fault on autoscaling, then a call without retries fails with Throttling 400', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    s.sandbox.faults.add({ kind: 'throttle', service: 'autoscaling', count: 1 });
    const client = new AutoScalingClient({
      endpoint: s.sandbox.endpoint,
      region: s.sandbox.region,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIASANDBOX', secretAccessKey: 'sandbox' },
    });
    await expect(client.send(new DescribeAutoScalingGroupsCommand({}))).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await client.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toEqual([]);
    client.destroy();
  });

  it('Given a group, then ECS takes it for a capacity provider with managed termination protection (its ARN and protection as Auto Scaling reports them); once it is being deleted ECS no longer sees it', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 0);
    const arn = (await group(s))?.AutoScalingGroupARN ?? '';
    expect(arn).toMatch(
      /^arn:aws:autoscaling:ap-northeast-1:123456789012:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/demo-asg$/,
    );
    const provider = {
      autoScalingGroupArn: arn,
      managedScaling: { status: 'ENABLED' as const, targetCapacity: 100 },
      managedTerminationProtection: 'ENABLED' as const,
    };
    const created = await s.ecs.send(
      new CreateCapacityProviderCommand({ name: 'demo-cp', autoScalingGroupProvider: provider }),
    );
    expect(created.capacityProvider?.autoScalingGroupProvider?.autoScalingGroupArn).toBe(arn);
    await s.autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', ForceDelete: true }),
    );
    await expect(
      s.ecs.send(new CreateCapacityProviderCommand({ name: 'demo-cp2', autoScalingGroupProvider: provider })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('Given 4 instances over 3 AZs (2 newer ones in one), when desired drops to 3, then the one terminated is from the AZ with two, not the oldest, keeping the AZs balanced', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    const [a, c, d] = seed.subnets.map((x) => x.id);
    await createGroup(s, 'demo-lt', 2, 'demo-asg', `${c},${d}`);
    await groupInstances(s, 2);
    await s.autoScaling.send(
      new UpdateAutoScalingGroupCommand({
        AutoScalingGroupName: 'demo-asg',
        VPCZoneIdentifier: `${a},${c},${d}`,
        MaxSize: 4,
        DesiredCapacity: 4,
      }),
    );
    const ids = await groupInstances(s, 4);
    const zones = async () => ((await group(s))?.Instances ?? []).map((i) => i.AvailabilityZone ?? '').sort();
    expect(await zones()).toEqual(['ap-northeast-1a', 'ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
    await s.autoScaling.send(
      new SetInstanceProtectionCommand({
        AutoScalingGroupName: 'demo-asg',
        InstanceIds: ids,
        ProtectedFromScaleIn: false,
      }),
    );
    await s.autoScaling.send(
      new UpdateAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', DesiredCapacity: 3 }),
    );
    await groupInstances(s, 3);
    expect(await zones()).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
  });
});
