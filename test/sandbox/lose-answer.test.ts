import { CreateSecurityGroupCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { ListTaskDefinitionsCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ timeScale: 600 });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => t.sandbox.faults.clear());

const registration = {
  family: 'lost-answer',
  networkMode: 'bridge' as const,
  containerDefinitions: [{ name: 'web', image: 'busybox', memoryReservation: 64 }],
};

describe('the lose-answer fault', () => {
  it('Given a lost answer to RegisterTaskDefinition, When the SDK retries the reset call, Then AWS-style the call ran twice: two revisions', async () => {
    t.sandbox.faults.add({ kind: 'lose-answer', service: 'ecs', operation: 'RegisterTaskDefinition', count: 1 });
    const out = await t.ecs.send(new RegisterTaskDefinitionCommand(registration));
    expect(out.$metadata.attempts).toBe(2);
    expect(out.taskDefinition?.revision).toBe(2);
    const listed = await t.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'lost-answer' }));
    expect(listed.taskDefinitionArns).toHaveLength(2);
  });

  it('Given a lost answer to CreateSecurityGroup, When the SDK retries, Then the retry fails with InvalidGroup.Duplicate and the group exists once', async () => {
    t.sandbox.faults.add({ kind: 'lose-answer', service: 'ec2', operation: 'CreateSecurityGroup', count: 1 });
    await expect(
      t.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'lost', Description: 'x', VpcId: seed.vpcId })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.Duplicate' });
    const found = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['lost'] }] }),
    );
    expect(found.SecurityGroups).toHaveLength(1);
  });

  it('Given a group named in other letter case, When one is created, Then EC2 refuses it as a duplicate (names ignore case)', async () => {
    await t.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'Case-sg', Description: 'x', VpcId: seed.vpcId }));
    await expect(
      t.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'case-SG', Description: 'x', VpcId: seed.vpcId })),
    ).rejects.toMatchObject({ name: 'InvalidGroup.Duplicate' });
  });

  it('Given a lose-answer fault for another operation, When a call is made, Then it is answered and the fault stays armed', async () => {
    t.sandbox.faults.add({ kind: 'lose-answer', service: 'elbv2', operation: 'CreateLoadBalancer', count: 1 });
    const out = await t.elbv2.send(new DescribeLoadBalancersCommand({}));
    expect(out.$metadata.attempts).toBe(1);
    expect(t.sandbox.faults.list()).toEqual([
      { kind: 'lose-answer', service: 'elbv2', operation: 'CreateLoadBalancer', count: 1 },
    ]);
  });

  it('Given a throttle and a lost answer on one call, When it is made, Then the throttled attempt does not use up the lost answer', async () => {
    t.sandbox.faults.add({ kind: 'throttle', service: 'ecs', operation: 'RegisterTaskDefinition', count: 1 });
    t.sandbox.faults.add({ kind: 'lose-answer', service: 'ecs', operation: 'RegisterTaskDefinition', count: 1 });
    const out = await t.ecs.send(new RegisterTaskDefinitionCommand({ ...registration, family: 'throttled-then-lost' }));
    // 1: throttled (not performed), 2: performed and its answer lost, 3: performed again.
    expect(out.$metadata.attempts).toBe(3);
    expect(out.taskDefinition?.revision).toBe(2);
  });

  it('Given an unknown fault kind or service, When it is added, Then it is refused', () => {
    expect(() => t.sandbox.faults.add({ kind: 'lose-answr' } as never)).toThrow(/unknown fault kind 'lose-answr'/);
    expect(() => t.sandbox.faults.add({ kind: 'lose-answer', service: 'sqs' } as never)).toThrow(
      /unknown service 'sqs'/,
    );
  });
});
