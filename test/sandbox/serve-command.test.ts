import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { sandboxClients } from '../helpers/sandbox.js';
import { type CliProcess, runCli, serveSandbox } from './cli-process.js';
import { get, waitFor } from './fixtures.js';

const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function cli(args: string[]): CliProcess {
  const run = runCli(args);
  children.push(run.child);
  return run;
}

describe('ecs-alb-wizard sandbox serve', () => {
  it.each([
    [['--port', 'abc'], '--port'],
    [['--port', '70000'], '--port'],
    [['--time-scale', '0'], '--time-scale'],
  ])('rejects %j with a one-line error naming the flag, exit 2', async (flags, name) => {
    const run = cli(['sandbox', 'serve', ...flags]);
    expect(await run.exit).toBe(2);
    expect(run.err().trim().split('\n')).toHaveLength(1);
    expect(run.err()).toContain(name);
  });

  it('serves until Ctrl+C, prints the endpoint and each listener as it comes up, then saves and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-serve-'));
    dirs.push(dir);
    const run = await serveSandbox(dir);
    children.push(run.child);
    const endpoint = run.endpoint;
    expect(run.out()).toContain(`AWS_ENDPOINT_URL=${endpoint}`);
    expect(run.out()).toContain('--endpoint-url');

    // When a load balancer with a listener is created through the endpoint
    const c = sandboxClients(endpoint);
    const group =
      (
        await c.ec2.send(
          new CreateSecurityGroupCommand({ GroupName: 'serve-alb', Description: 'x', VpcId: seed.vpcId }),
        )
      ).GroupId ?? '';
    await c.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: group,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    const lb = (
      await c.elbv2.send(
        new CreateLoadBalancerCommand({
          Name: 'serve-alb',
          Subnets: seed.subnets.map((s) => s.id),
          SecurityGroups: [group],
        }),
      )
    ).LoadBalancers?.[0];
    const tg = (
      await c.elbv2.send(
        new CreateTargetGroupCommand({ Name: 'serve-tg', Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId }),
      )
    ).TargetGroups?.[0];
    await c.elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb?.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tg?.TargetGroupArn }],
      }),
    );

    // Then a line per node (one per AZ) maps its DNS name and port to a loopback address that answers as the ALB
    const dns = lb?.DNSName ?? '';
    const line = new RegExp(
      `${dns.replace(/\./g, '\\.')}:80 → (127\\.\\d+\\.\\d+\\.\\d+):(\\d+) \\((ap-northeast-1\\w)\\)`,
      'g',
    );
    const nodes = await waitFor(
      'a listener line per node',
      () => {
        const found = [...run.out().matchAll(line)].map(([, address = '', port = '', zone = '']) => ({
          address,
          port: Number(port),
          zone,
        }));
        return found.length === seed.subnets.length && found;
      },
      10_000,
    );
    expect(nodes.map((n) => n.zone)).toEqual(seed.subnets.map((s) => s.az));
    for (const node of nodes) expect(await get(node, dns, '/')).toMatchObject({ status: 503, server: 'awselb/2.0' });
    for (const client of Object.values(c)) client.destroy();

    // When interrupted, it stops cleanly, keeps the world and frees the state dir
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.out()).toContain('state saved');
    await access(join(dir, 'sandbox', 'world.json'));
    await expect(access(join(dir, 'sandbox', 'server.json'))).rejects.toThrow();
  }, 40_000);
});
