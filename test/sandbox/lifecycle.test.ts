import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { connectSandbox, startSandbox } from '../../source/sandbox/index.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createAlbStack, get, startBackend, targetStates, waitFor, type Backend } from './fixtures.js';

let t: TestSandbox | undefined;
let backend: Backend | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  await backend?.close();
  backend = undefined;
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-life-'));
  dirs.push(dir);
  return join(dir, 'sandbox');
}

describe('sandbox state', () => {
  it('saves the world as world.json (0600 in a 0700 dir), ECS included', async () => {
    t = await startTestSandbox();
    await createAlbStack(t);
    await t.sandbox.close();
    expect((await stat(t.stateDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(t.stateDir, 'world.json'))).mode & 0o777).toBe(0o600);
    const world = JSON.parse(await readFile(join(t.stateDir, 'world.json'), 'utf8')) as {
      elb: { loadBalancers: { name: string }[] };
      ecs: unknown;
    };
    expect(world.elb.loadBalancers.map((lb) => lb.name)).toEqual(['demo-alb']);
    expect(world.ecs).toBeTruthy();
  });

  it('restores every resource on restart; listeners come back on new ports and targets check from initial', async () => {
    // Given an ALB with a healthy target served by a local server
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    backend = await startBackend('alpha');
    await t.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: stack.tgArn,
        Targets: [{ Id: seed.instances[0].id, Port: backend.port }],
      }),
    );
    const before = t;
    await waitFor(
      'healthy',
      async () =>
        (await targetStates(before, stack.tgArn))[`${seed.instances[0].id}:${backend?.port ?? 0}`]?.state === 'healthy',
    );

    // When the sandbox restarts on its state dir
    t = await t.restart();
    const after = t;

    // Then the load balancer and its groups are there, and its listener answers on a new local port
    expect(
      (await after.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [stack.lbArn] }))).LoadBalancers?.[0]
        ?.State?.Code,
    ).toBe('active');
    expect(
      (await after.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [stack.albGroupId] }))).SecurityGroups,
    ).toHaveLength(1);
    const local = await waitFor('the listener', () => after.sandbox.resolveLoadBalancer(stack.dnsName, 80)[0]);
    expect(local.port).not.toBe(stack.local.port);
    const state = (await targetStates(after, stack.tgArn))[`${seed.instances[0].id}:${backend.port}`]?.state;
    expect(['initial', 'healthy']).toContain(state);
    await waitFor(
      'healthy again',
      async () =>
        (await targetStates(after, stack.tgArn))[`${seed.instances[0].id}:${backend?.port ?? 0}`]?.state === 'healthy',
    );
    expect((await get(local, stack.dnsName, '/hostname')).body).toBe('alpha /hostname');
  });

  it('refuses a second sandbox on a state dir a live process owns, naming it', async () => {
    const stateDir = await tempDir();
    const first = await startSandbox({ stateDir, timeScale: 600 });
    try {
      await expect(startSandbox({ stateDir })).rejects.toThrow(
        new RegExp(`in use by process ${process.pid} \\(serving ${first.endpoint}\\)`),
      );
    } finally {
      await first.close();
    }
    // Once closed, the state dir is free again
    const second = await startSandbox({ stateDir, timeScale: 600 });
    await second.close();
  });

  it('connectSandbox uses a running `sandbox serve`, or starts one in-process', async () => {
    const stateDir = await tempDir();
    const served = await startSandbox({ stateDir, timeScale: 600, mode: 'serve' });
    try {
      const shared = await connectSandbox(stateDir);
      expect(shared).toMatchObject({ endpoint: served.endpoint, embedded: false, region: seed.region });
      expect((await shared.inventory()).ec2.vpcs).toHaveLength(1);
      expect(await shared.resolveLoadBalancer('nope.elb.localhost', 80)).toEqual([]);
      await shared.close();
    } finally {
      await served.close();
    }
    const own = await connectSandbox(stateDir, { timeScale: 600 });
    expect(own.embedded).toBe(true);
    expect(own.endpoint).not.toBe(served.endpoint);
    await own.close();
  });
});

/** Local addresses of this process's listening TCP sockets by port, from /proc/net/tcp{,6}. */
async function listeningAddresses(): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue;
      const [address = '', port = '0'] = local.split(':');
      const key = Number.parseInt(port, 16);
      out.set(key, [...(out.get(key) ?? []), address]);
    }
  }
  return out;
}

/** A dotted IPv4 address as /proc/net/tcp writes it (hex, little-endian). */
function procHex(address: string): string {
  return address
    .split('.')
    .reverse()
    .map((part) => Number(part).toString(16).padStart(2, '0').toUpperCase())
    .join('');
}

describe.runIf(process.platform === 'linux')('loopback only', () => {
  it('listens on loopback only: the API and tasks on 127.0.0.1, each load balancer node on its own 127/8 address', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    const td = await t.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'lo',
        networkMode: 'bridge',
        containerDefinitions: [
          { name: 'app', image: 'x', memoryReservation: 64, portMappings: [{ containerPort: 4567, hostPort: 0 }] },
        ],
      }),
    );
    await t.ecs.send(
      new CreateServiceCommand({
        cluster: seed.clusterName,
        serviceName: 'lo',
        taskDefinition: td.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
      }),
    );
    const sandbox = t.sandbox;
    const taskPort = await waitFor(
      'a running task',
      () => (sandbox.inventory().ecs.tasks as { hostPort?: number }[])[0]?.hostPort,
    );
    const sockets = await listeningAddresses();
    for (const port of [t.sandbox.port, taskPort]) expect(sockets.get(port)).toEqual(['0100007F']);
    expect(new Set(stack.nodes.map((n) => n.address)).size).toBe(seed.subnets.length);
    for (const node of stack.nodes) {
      expect(node.address).toMatch(/^127\.\d+\.\d+\.\d+$/);
      expect(sockets.get(node.port)).toEqual([procHex(node.address)]);
    }
    const inventory = t.sandbox.inventory();
    expect(inventory.elbv2.addresses).toEqual(
      stack.nodes.map((n) => ({ dnsName: stack.dnsName, port: 80, zone: n.zone, local: `${n.address}:${n.port}` })),
    );
  });
});
