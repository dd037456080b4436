import { CreateClusterCommand, DescribeClustersCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeLaunchTemplateVersionsCommand } from '@aws-sdk/client-ec2';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Inventory } from '../../source/sandbox/index.js';
import { sandboxClients } from '../helpers/sandbox.js';
import { ensureBuilt, eventually, runCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The inventory without the service-linked roles ECS and Auto Scaling make for the account (kept on purpose). */
function withoutServiceLinkedRoles(inventory: Inventory): Inventory {
  const roles = (inventory.iam.roles ?? []) as { path?: string }[];
  return {
    ...inventory,
    iam: { ...inventory.iam, roles: roles.filter((r) => !r.path?.startsWith('/aws-service-role/')) },
  };
}

const clients = (w: World) => sandboxClients(`http://127.0.0.1:${w.sandbox.port}`, w.sandbox.region);

describe('first-time setup on an account with only the default VPC (--create-cluster)', () => {
  it('Given the empty seed, When setup --create-cluster runs headless, Then 1 and 3 tasks PASS on the new instances, status shows them registered, and teardown returns the world to its seed, twice', async () => {
    world = await startWorld(600, { seed: 'empty' });
    const w = world;

    const setup = await runCli(w.args('setup', '--create-cluster'));
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    for (const kind of [
      'security-group',
      'iam-role',
      'instance-profile',
      'launch-template',
      'ecs-cluster',
      'auto-scaling-group',
      'capacity-provider',
    ])
      expect(setup.stdout).toMatch(new RegExp(`^ {2}created ${kind} `, 'm'));
    expect(setup.stdout).toMatch(
      /✓ Wait for the container instances\n {2}2 container instance\(s\) registered:\n {4}i-\w+ \(ap-northeast-1\w\)\n {4}i-\w+ \(ap-northeast-1\w\)\n/,
    );
    const verdicts = [...setup.stdout.matchAll(/every expected backend answered: (\d+)\/(\d+) answered/g)].map(
      (m) => `${m[1]}/${m[2]}`,
    );
    expect(verdicts).toEqual(['1/1', '3/3']);
    expect(setup.stdout.match(/^PASS /gm)).toHaveLength(2);
    const inventory = w.sandbox.inventory();
    expect((inventory.ecs.clusters as { name: string }[]).map((c) => c.name)).toEqual(['demo-cluster']);
    const service = await clients(w).ecs.send(
      new DescribeServicesCommand({ cluster: 'demo-cluster', services: ['demo-svc'] }),
    );
    expect(service.services?.[0]?.capacityProviderStrategy).toEqual([
      expect.objectContaining({ capacityProvider: 'demo-cp' }),
    ]);
    expect(service.services?.[0]?.launchType).not.toBe('EC2');

    const status = await runCli(w.args('status'));
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Auto Scaling group demo-asg: 2\/2 instances, 2 registered in demo-cluster/);
    expect(status.stdout.match(/^ {2}i-\w+ +ap-northeast-1\w +running +registered$/gm)).toHaveLength(2);
    expect(status.stdout).toMatch(/Create the cluster and its EC2 capacity/);

    const teardown = await runCli(w.args('teardown', '--yes'));
    expect(teardown.stderr).toBe('');
    expect(teardown.code).toBe(0);
    expect(teardown.stdout).toMatch(/torn down: 15 resource\(s\) removed/);
    const order = [
      ...teardown.stdout.matchAll(
        /^✓ deleted (capacity-provider|auto-scaling-group|ecs-cluster|launch-template|instance-profile|iam-role|security-group sg-\w+ \(demo-instances-sg\))/gm,
      ),
    ].map((m) => m[1]!.split(' ')[0]);
    expect(order).toEqual([
      'capacity-provider',
      'auto-scaling-group',
      'ecs-cluster',
      'launch-template',
      'instance-profile',
      'iam-role',
      'security-group',
    ]);
    await eventually(() =>
      expect(withoutServiceLinkedRoles(w.sandbox.inventory())).toEqual(
        withoutServiceLinkedRoles(w.sandbox.seedInventory()),
      ),
    );

    const again = await runCli(w.args('teardown', '--yes'));
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/deleted/);
  }, 240_000);

  it('Given an untagged cluster demo-cluster someone else made, When setup --create-cluster runs, Then it is refused by name, untouched, and nothing is created', async () => {
    world = await startWorld(600, { seed: 'empty' });
    const w = world;
    const c = clients(w);
    await c.ecs.send(new CreateClusterCommand({ clusterName: 'demo-cluster' }));
    const before = w.sandbox.inventory();

    const setup = await runCli(w.args('setup', '--create-cluster'));
    expect(setup.code).toBe(1);
    expect(setup.stdout + setup.stderr).toMatch(
      /ECS cluster demo-cluster exists but is not tagged ecs-alb-wizard:stack=demo: it is not this stack's, so it is neither used nor deleted/,
    );
    expect(w.sandbox.inventory().ec2).toEqual(before.ec2);
    expect(w.sandbox.inventory().iam).toEqual(before.iam);

    const teardown = await runCli(w.args('teardown', '--yes'));
    expect(teardown.code).toBe(0);
    const cluster = await c.ecs.send(new DescribeClustersCommand({ clusters: ['demo-cluster'] }));
    expect(cluster.clusters?.[0]?.status).toBe('ACTIVE');
  }, 120_000);

  it('Given --instance-type t4g.small, Then the launch template takes the arm64 ECS-optimized AMI', async () => {
    world = await startWorld(600, { seed: 'empty' });
    const w = world;
    const c = clients(w);
    const setup = await runCli(w.args('setup', '--create-cluster', '--instance-type', 't4g.small', '--instances', '1'));
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    const arm = await c.ssm.send(
      new GetParameterCommand({ Name: '/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id' }),
    );
    const x86 = await c.ssm.send(
      new GetParameterCommand({ Name: '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id' }),
    );
    const versions = await c.ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateName: 'demo-lt' }));
    const data = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    expect(data?.ImageId).toBe(arm.Parameter?.Value);
    expect(data?.ImageId).not.toBe(x86.Parameter?.Value);
    expect(data?.InstanceType).toBe('t4g.small');
    expect(setup.stdout).toMatch(/1 x t4g.small \(arm64, /);
  }, 240_000);

  it('Given the empty seed and no --cluster, When setup runs headless without --create-cluster, Then it exits 2 saying to pass --create-cluster, creating nothing; and --create-cluster with another --cluster is refused naming both', async () => {
    world = await startWorld(600, { seed: 'empty' });
    const w = world;
    const setup = await runCli(w.args('setup'));
    expect(setup.code).toBe(2);
    expect(setup.stderr).toMatch(/--cluster is required without a prompt: .*--create-cluster/);
    expect(setup.stderr.trim().split('\n')).toHaveLength(1);
    expect(w.sandbox.inventory()).toEqual(w.sandbox.seedInventory());

    const both = await runCli(w.args('setup', '--create-cluster', '--cluster', 'ecs-demo'));
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe(
      'ecs-alb-wizard: --cluster ecs-demo and --create-cluster contradict: --create-cluster makes the cluster demo-cluster; leave out --cluster',
    );
    expect(w.sandbox.inventory()).toEqual(w.sandbox.seedInventory());
  }, 120_000);
});
