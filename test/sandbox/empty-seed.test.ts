import { DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DeleteLaunchTemplateCommand,
  DeleteSecurityGroupCommand,
  DescribeRouteTablesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeContainerInstancesCommand,
  ListClustersCommand,
  ListContainerInstancesCommand,
} from '@aws-sdk/client-ecs';
import {
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DetachRolePolicyCommand,
  RemoveRoleFromInstanceProfileCommand,
} from '@aws-sdk/client-iam';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { seedWorld } from '../../source/sandbox/seed-world.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import {
  ECS_INSTANCE_POLICY,
  SSM_CORE_POLICY,
  createGroup,
  createInstanceIdentity,
  createTemplate,
  groupInstances,
} from './capacity-fixtures.js';
import { waitFor } from './fixtures.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the empty seed', () => {
  it('Given a new sandbox on the empty seed, then it holds only the default VPC: subnets, internet gateway, main route to it, default group; no cluster, instance or role', async () => {
    t = await startTestSandbox({ seed: 'empty' });
    expect(t.sandbox.seed).toBe('empty');
    const inventory = t.sandbox.inventory();
    expect(inventory).toEqual(t.sandbox.seedInventory());
    expect(inventory.ec2.instances).toEqual([]);
    expect((inventory.ec2.securityGroups ?? []).map((g) => (g as { name: string }).name)).toEqual(['default']);
    expect(inventory.ec2.internetGateways).toEqual([{ id: seed.internetGatewayId, vpcId: seed.vpcId, tags: [] }]);
    const [main] = inventory.ec2.routeTables as { main: boolean; routes: unknown[] }[];
    expect(main?.main).toBe(true);
    expect(main?.routes).toContainEqual({ destination: '0.0.0.0/0', gatewayId: seed.internetGatewayId });
    expect(inventory.iam.roles).toEqual([]);
    expect(inventory.autoscaling.groups).toEqual([]);
    expect((await t.ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
  });

  it('Given the memo seed, then it still has its cluster and two instances (the default stays as it was)', async () => {
    t = await startTestSandbox();
    expect(t.sandbox.seed).toBe('memo');
    expect(t.sandbox.inventory().ec2.instances).toHaveLength(2);
    expect((await t.ecs.send(new ListClustersCommand({}))).clusterArns).toHaveLength(1);
  });

  it('Given a cluster and a group whose user data names it, when the instances boot, then ECS lists them ACTIVE; and a teardown in order returns to the seed (plus the Auto Scaling service-linked role)', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    await s.ecs.send(new CreateClusterCommand({ clusterName: 'demo-cluster' }));
    const identity = await createInstanceIdentity(s);
    const templateId = await createTemplate(s, { ...identity, cluster: 'demo-cluster' });
    await createGroup(s, 'demo-lt', 2);
    const ids = await groupInstances(s, 2);
    const arns = await waitFor('2 container instances', async () => {
      const out = await s.ecs.send(new ListContainerInstancesCommand({ cluster: 'demo-cluster', status: 'ACTIVE' }));
      return out.containerInstanceArns?.length === 2 && out.containerInstanceArns;
    });
    const described = await s.ecs.send(
      new DescribeContainerInstancesCommand({ cluster: 'demo-cluster', containerInstances: arns }),
    );
    expect(described.containerInstances?.map((c) => c.ec2InstanceId).sort()).toEqual([...ids].sort());

    await s.autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', ForceDelete: true }),
    );
    await waitFor('the group to be gone', async () => {
      const out = await s.autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-asg'] }),
      );
      return out.AutoScalingGroups?.length === 0;
    });
    await waitFor('the cluster to delete', async () => {
      try {
        await s.ecs.send(new DeleteClusterCommand({ cluster: 'demo-cluster' }));
        return true;
      } catch {
        return false;
      }
    });
    await s.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: templateId }));
    await s.iam.send(
      new RemoveRoleFromInstanceProfileCommand({
        InstanceProfileName: identity.profileName,
        RoleName: 'demo-ecs-instance',
      }),
    );
    await s.iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: identity.profileName }));
    for (const arn of [ECS_INSTANCE_POLICY, SSM_CORE_POLICY])
      await s.iam.send(new DetachRolePolicyCommand({ RoleName: 'demo-ecs-instance', PolicyArn: arn }));
    await s.iam.send(new DeleteRoleCommand({ RoleName: 'demo-ecs-instance' }));
    await waitFor('the instance group to delete once interfaces are gone', async () => {
      try {
        await s.ec2.send(new DeleteSecurityGroupCommand({ GroupId: identity.groupId }));
        return true;
      } catch {
        return false;
      }
    });
    const after = s.sandbox.inventory();
    const before = s.sandbox.seedInventory();
    expect((after.iam.roles ?? []).map((r) => (r as { name: string }).name)).toEqual(['AWSServiceRoleForAutoScaling']);
    expect({ ...after, iam: {}, ecs: {} }).toEqual({ ...before, iam: {}, ecs: {} });
    expect(after.ecs.clusters ?? []).toEqual(before.ecs.clusters ?? []);
  });

  it("Given a world saved by an older sandbox (no route tables, launch templates, profiles or Auto Scaling), when it starts, then it has the default VPC's internet gateway and main route and serves the new calls", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-old-'));
    const old = seedWorld() as unknown as Record<string, Record<string, unknown>>;
    for (const key of ['internetGateways', 'natGateways', 'routeTables', 'launchTemplates']) delete old.ec2?.[key];
    delete old.iam?.instanceProfiles;
    delete old.autoScaling;
    await writeFile(join(dir, 'world.json'), JSON.stringify(old));
    t = await startTestSandbox({ stateDir: dir });
    expect(t.sandbox.seed).toBe('memo');
    const tables = await t.ec2.send(new DescribeRouteTablesCommand({}));
    expect(tables.RouteTables?.[0]?.Routes).toContainEqual(
      expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: seed.internetGatewayId }),
    );
    expect((await t.autoScaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups).toEqual([]);
    await t.close();
    t = undefined;
    await rm(dir, { recursive: true, force: true });
  });
});
