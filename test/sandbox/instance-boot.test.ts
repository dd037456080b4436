import { DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  AssociateRouteTableCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import {
  FakeAgents,
  createGroup,
  createInstanceIdentity,
  createTemplate,
  ec2States,
  groupInstances,
  withAgents,
} from './capacity-fixtures.js';
import { waitFor } from './fixtures.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(agents: FakeAgents) {
  t = await startTestSandbox({ seed: 'empty', ecs: withAgents(agents) });
  return t;
}

describe('instances an Auto Scaling group launches', () => {
  it('Given a group of 2 over three subnets, when they boot, then each runs in its own AZ and its agent registers with the cluster its user data names, with the CPU, memory and port range for its type', async () => {
    const agents = new FakeAgents();
    const s = await start(agents);
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, { ...identity, cluster: 'demo-cluster' });
    await createGroup(s, 'demo-lt', 2);
    const ids = await groupInstances(s, 2);
    await waitFor('both agents to register', () => agents.registered.length === 2);
    expect(Object.values(await ec2States(s, ids))).toEqual(['running', 'running']);
    const registered = agents.registered;
    expect(new Set(registered.map((i) => i.az)).size).toBe(2);
    expect(registered[0]).toMatchObject({
      cluster: 'demo-cluster',
      instanceType: 't3.small',
      architecture: 'x86_64',
      cpu: 2048,
      hostPortRange: { from: 32768, to: 65535 },
      autoScalingGroupName: 'demo-asg',
    });
    expect(registered[0]?.memoryMiB).toBeGreaterThan(1500);
    expect(registered[0]?.memoryMiB).toBeLessThan(2048);
    const described = await s.ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }));
    const first = described.Reservations?.[0]?.Instances?.[0];
    expect(first?.MetadataOptions).toMatchObject({ HttpTokens: 'required', HttpPutResponseHopLimit: 2 });
    expect(first?.IamInstanceProfile?.Arn).toMatch(/:instance-profile\/demo-ecs-instance$/);
    expect(first?.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'aws:autoscaling:groupName', Value: 'demo-asg' },
        { Key: 'ecs-alb-wizard:stack', Value: 'demo' },
        { Key: 'Name', Value: 'demo ECS instance' },
      ]),
    );
  });

  it('Given user data naming a cluster that does not exist, when the instance runs, then its agent keeps trying and never registers, until that cluster exists', async () => {
    const agents = new FakeAgents(new Set());
    const s = await start(agents);
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, { ...identity, cluster: 'not-there' });
    await createGroup(s, 'demo-lt', 1);
    const [id = ''] = await groupInstances(s, 1);
    await waitFor('the agent to try twice', () => agents.attempts.filter((a) => a === id).length >= 2);
    expect(agents.registered).toEqual([]);
    agents.clusters.add('not-there');
    await waitFor('the agent to register once the cluster exists', () => agents.registered.length === 1);
    expect(agents.registered[0]?.cluster).toBe('not-there');
  });

  it('Given registered instances, when the group is force-deleted, then it shows "Delete in progress", ECS hears each instance go, and the group is gone once they are terminated', async () => {
    const agents = new FakeAgents();
    const s = await start(agents);
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 2);
    const ids = await groupInstances(s, 2);
    await waitFor('both agents to register', () => agents.registered.length === 2);
    await expect(
      s.autoScaling.send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg' })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseFault',
    });
    await s.autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', ForceDelete: true }),
    );
    const during = await s.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-asg'] }),
    );
    expect(during.AutoScalingGroups?.[0]?.Status).toBe('Delete in progress');
    expect([...agents.terminated].sort()).toEqual([...ids].sort());
    await waitFor('the group to be gone', async () => {
      const out = await s.autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-asg'] }),
      );
      return out.AutoScalingGroups?.length === 0;
    });
    expect(Object.values(await ec2States(s, ids))).toEqual(['terminated', 'terminated']);
    expect(s.sandbox.inventory().ec2.instances).toEqual([]);
  });

  it('Given an instance still pending when the sandbox stops, when it starts again, then the instance boots on and registers exactly once', async () => {
    const agents = new FakeAgents();
    const s = await startTestSandbox({ seed: 'empty', ecs: withAgents(agents), timeScale: 20 });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 1);
    const [id = ''] = await groupInstances(s, 1);
    expect((await ec2States(s, [id]))[id]).toBe('pending');
    t = await s.restart();
    await waitFor('the agent to register after the restart', () => agents.registered.length === 1, 10_000);
    expect((await ec2States(t, [id]))[id]).toBe('running');
    await t.restart().then((again) => (t = again));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(agents.attempts.filter((a) => a === id)).toHaveLength(1);
  });

  it('Given a subnet whose route table has no route to the internet, when the instance runs, then its agent cannot reach ECS and never registers, until a default route appears', async () => {
    const agents = new FakeAgents();
    const s = await start(agents);
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    const subnetId = seed.subnets[0].id;
    const table = await s.ec2.send(new CreateRouteTableCommand({ VpcId: seed.vpcId }));
    const tableId = table.RouteTable?.RouteTableId ?? '';
    await s.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    await createGroup(s, 'demo-lt', 1, 'demo-asg', subnetId);
    const [id = ''] = await groupInstances(s, 1);
    await waitFor('the instance to run', async () => (await ec2States(s, [id]))[id] === 'running');
    // Two agent retry periods (30 AWS-seconds each at 600x: 50 ms) pass without a route.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(agents.registered).toEqual([]);
    expect(s.sandbox.inventory().ec2.instances).toMatchObject([{ id, state: 'running', registered: false }]);
    await s.ec2.send(
      new CreateRouteCommand({
        RouteTableId: tableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: seed.internetGatewayId,
      }),
    );
    await waitFor('the agent to register once it reaches ECS', () => agents.registered.length === 1);
  });

  it('Given instances shutting down (30 AWS-seconds), then their security group cannot be deleted (DependencyViolation) until they are terminated', async () => {
    const s = await startTestSandbox({ seed: 'empty', ecs: withAgents(new FakeAgents()), timeScale: 6 });
    t = s;
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 1);
    const [id = ''] = await groupInstances(s, 1);
    await s.autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', ForceDelete: true }),
    );
    expect((await ec2States(s, [id]))[id]).toBe('shutting-down');
    await expect(s.ec2.send(new DeleteSecurityGroupCommand({ GroupId: identity.groupId }))).rejects.toMatchObject({
      name: 'DependencyViolation',
    });
    await waitFor('the instance to terminate', async () => (await ec2States(s, [id]))[id] === 'terminated', 20_000);
    await s.ec2.send(new DeleteSecurityGroupCommand({ GroupId: identity.groupId }));
  });

  it('Given a registered instance of a group, when EC2 TerminateInstances ends it, then it is shutting-down, ECS hears of it, and the group launches a replacement once it is terminated', async () => {
    const agents = new FakeAgents();
    const s = await start(agents);
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, identity);
    await createGroup(s, 'demo-lt', 1);
    const [id = ''] = await groupInstances(s, 1);
    await waitFor('the agent to register', () => agents.registered.length === 1);
    const out = await s.ec2.send(new TerminateInstancesCommand({ InstanceIds: [id] }));
    expect(out.TerminatingInstances?.[0]).toMatchObject({
      PreviousState: { Name: 'running' },
      CurrentState: { Name: 'shutting-down' },
    });
    expect(agents.terminated).toEqual([id]);
    const [replacement = ''] = await waitFor('a replacement', async () => {
      const ids = await groupInstances(s, 1);
      return ids[0] !== id && ids;
    });
    expect((await ec2States(s, [id, replacement]))[id]).toBe('terminated');
    await waitFor('the replacement to register', () => agents.registered.length === 2);
  });
});
