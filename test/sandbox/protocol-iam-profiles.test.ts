import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  ListRoleTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { ECS_INSTANCE_POLICY, SSM_CORE_POLICY } from './capacity-fixtures.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ seed: 'empty' });
});
afterAll(async () => {
  await t.close();
});

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

describe('IAM instance roles and profiles through the SDK', () => {
  it('Given a new role with tags and both managed policies, then it reads back with its trust policy, tags and policies; a second create is EntityAlreadyExists', async () => {
    const created = await t.iam.send(
      new CreateRoleCommand({
        RoleName: 'r1-ecs-instance',
        AssumeRolePolicyDocument: trust,
        Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'r1' }],
      }),
    );
    expect(created.Role?.Arn).toBe(`arn:aws:iam::${seed.accountId}:role/r1-ecs-instance`);
    const read = await t.iam.send(new GetRoleCommand({ RoleName: 'r1-ecs-instance' }));
    expect(JSON.parse(decodeURIComponent(read.Role?.AssumeRolePolicyDocument ?? ''))).toEqual(JSON.parse(trust));
    await t.iam.send(new TagRoleCommand({ RoleName: 'r1-ecs-instance', Tags: [{ Key: 'extra', Value: 'x' }] }));
    expect((await t.iam.send(new ListRoleTagsCommand({ RoleName: 'r1-ecs-instance' }))).Tags).toEqual([
      { Key: 'ecs-alb-wizard:stack', Value: 'r1' },
      { Key: 'extra', Value: 'x' },
    ]);
    for (const arn of [ECS_INSTANCE_POLICY, SSM_CORE_POLICY])
      await t.iam.send(new AttachRolePolicyCommand({ RoleName: 'r1-ecs-instance', PolicyArn: arn }));
    const attached = await t.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'r1-ecs-instance' }));
    expect(attached.AttachedPolicies?.map((p) => p.PolicyName)).toEqual([
      'AmazonEC2ContainerServiceforEC2Role',
      'AmazonSSMManagedInstanceCore',
    ]);
    await expect(
      t.iam.send(new CreateRoleCommand({ RoleName: 'r1-ecs-instance', AssumeRolePolicyDocument: trust })),
    ).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', $metadata: { httpStatusCode: 409 } });
  });

  it('Given an unknown policy ARN, then AttachRolePolicy is NoSuchEntity; detaching one not attached is NoSuchEntity', async () => {
    await t.iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: trust }));
    await expect(
      t.iam.send(new AttachRolePolicyCommand({ RoleName: 'r2', PolicyArn: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
    ).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: expect.stringContaining('NoSuchPolicy') as unknown,
    });
    await expect(
      t.iam.send(new DetachRolePolicyCommand({ RoleName: 'r2', PolicyArn: ECS_INSTANCE_POLICY })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('Given a profile holding the role, then a second role is LimitExceeded, and the role and profile refuse deletion (DeleteConflict) until taken apart in order', async () => {
    await t.iam.send(new CreateRoleCommand({ RoleName: 'r3', AssumeRolePolicyDocument: trust }));
    await t.iam.send(new CreateRoleCommand({ RoleName: 'r3-other', AssumeRolePolicyDocument: trust }));
    await t.iam.send(new AttachRolePolicyCommand({ RoleName: 'r3', PolicyArn: ECS_INSTANCE_POLICY }));
    const profile = await t.iam.send(
      new CreateInstanceProfileCommand({
        InstanceProfileName: 'r3',
        Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'r3' }],
      }),
    );
    expect(profile.InstanceProfile?.Arn).toBe(`arn:aws:iam::${seed.accountId}:instance-profile/r3`);
    await t.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'r3', RoleName: 'r3' }));
    await expect(
      t.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'r3', RoleName: 'r3-other' })),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
    const read = await t.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'r3' }));
    expect(read.InstanceProfile?.Roles?.map((r) => r.RoleName)).toEqual(['r3']);
    expect((await t.iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'r3' }))).Tags).toEqual([
      { Key: 'ecs-alb-wizard:stack', Value: 'r3' },
    ]);
    const forRole = await t.iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'r3' }));
    expect(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName)).toEqual(['r3']);

    await expect(t.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'r3' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: expect.stringContaining('remove roles from instance profile') as unknown,
    });
    await expect(t.iam.send(new DeleteRoleCommand({ RoleName: 'r3' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: expect.stringContaining('detach all policies') as unknown,
    });
    await t.iam.send(new DetachRolePolicyCommand({ RoleName: 'r3', PolicyArn: ECS_INSTANCE_POLICY }));
    await expect(t.iam.send(new DeleteRoleCommand({ RoleName: 'r3' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: expect.stringContaining('instance profile') as unknown,
    });
    await t.iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'r3', RoleName: 'r3' }));
    await t.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'r3' }));
    await t.iam.send(new DeleteRoleCommand({ RoleName: 'r3' }));
    await expect(t.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'r3' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(t.iam.send(new GetRoleCommand({ RoleName: 'r3' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
    });
  });
});
