import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClients } from '../helpers/sandbox.js';
import { ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('--allow-cidr reaches the load balancer security group (built CLI, sandbox, read back with the SDK)', () => {
  it('Given setup --allow-cidr 203.0.113.0/24, Then the group admits exactly that range on the listener port, and nothing from 0.0.0.0/0', async () => {
    world = await startWorld();
    const setup = await runCli(world.args('setup', '--allow-cidr', '203.0.113.0/24', '--scale-to', '1'));
    expect(setup.code, setup.stderr).toBe(0);

    const { ec2 } = sandboxClients(world.sandbox.endpoint);
    try {
      const { SecurityGroups = [] } = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['demo-alb-sg'] }] }),
      );
      expect(SecurityGroups).toHaveLength(1);
      const ingress = SecurityGroups[0]!.IpPermissions ?? [];
      expect(ingress.map((p) => [p.IpProtocol, p.FromPort, p.ToPort, (p.IpRanges ?? []).map((r) => r.CidrIp)])).toEqual(
        [['tcp', 80, 80, ['203.0.113.0/24']]],
      );
      expect(JSON.stringify(ingress)).not.toContain('0.0.0.0/0');
    } finally {
      ec2.destroy();
    }
    expect((await runCli(world.args('teardown', '--yes'))).code).toBe(0);
  });
});
