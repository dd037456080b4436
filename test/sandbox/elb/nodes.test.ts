import { DescribeNetworkInterfacesCommand } from '@aws-sdk/client-ec2';
import { ModifyTargetGroupAttributesCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadBalancerNode } from '../../../source/model/load-balancer.js';
import { resolveOver } from '../../../source/sandbox/resolve-over.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, get, startBackend, targetStates, waitFor, type AlbStack, type Backend } from '../fixtures.js';

const [inA, inC] = seed.instances;
const [zoneA, zoneC, zoneD] = seed.subnets.map((s) => s.az);
let t: TestSandbox | undefined;
const backends: Backend[] = [];

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

/** One task in ap-northeast-1a (alpha) and two in ap-northeast-1c (beta, gamma), all healthy. */
async function oneAndTwo(c: TestSandbox, stack: AlbStack): Promise<void> {
  const [alpha, beta, gamma] = await Promise.all(['alpha', 'beta', 'gamma'].map(startBackend));
  backends.push(alpha as Backend, beta as Backend, gamma as Backend);
  await c.elbv2.send(
    new RegisterTargetsCommand({
      TargetGroupArn: stack.tgArn,
      Targets: [
        { Id: inA.id, Port: alpha?.port },
        { Id: inC.id, Port: beta?.port },
        { Id: inC.id, Port: gamma?.port },
      ],
    }),
  );
  await waitFor('three healthy targets', async () => {
    const states = Object.values(await targetStates(c, stack.tgArn));
    return states.length === 3 && states.every((s) => s.state === 'healthy');
  });
}

async function setAttributes(c: TestSandbox, stack: AlbStack, attributes: Record<string, string>): Promise<void> {
  await c.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: stack.tgArn,
      Attributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}

/** Which backend answered, per request, for `count` GETs through one node. */
async function names(stack: AlbStack, node: LoadBalancerNode, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) out.push((await get(node, stack.dnsName, '/hostname')).body.split(' ')[0] ?? '');
  return out;
}

function tally(list: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of list) out[name] = (out[name] ?? 0) + 1;
  return out;
}

describe('load balancer nodes', () => {
  it('Given an ALB over 3 subnets, Then it has a node per AZ, each on its own loopback address, all reachable, listed by /_sandbox/resolve and by its interfaces', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    const { nodes } = stack;

    // Then one node per AZ of its subnets, on distinct 127/8 addresses
    expect(nodes.map((n) => n.zone)).toEqual([zoneA, zoneC, zoneD]);
    expect(new Set(nodes.map((n) => n.address)).size).toBe(3);
    for (const node of nodes) expect(node.address).toMatch(/^127\.\d+\.\d+\.\d+$/);

    // And every node answers as the ALB (503: nothing registered yet)
    for (const node of nodes) expect(await get(node, stack.dnsName, '/')).toMatchObject({ status: 503 });

    // And the resolve route lists the same nodes; an unknown name resolves to none
    expect(await resolveOver(t.sandbox.endpoint, stack.dnsName, 80)).toEqual(nodes);
    expect(await resolveOver(t.sandbox.endpoint, stack.dnsName.toUpperCase(), 80)).toEqual(nodes);
    expect(await resolveOver(t.sandbox.endpoint, 'nope.elb.localhost', 80)).toEqual([]);
    expect(await resolveOver(t.sandbox.endpoint, stack.dnsName, 8080)).toEqual([]);

    // And its network interfaces (description ELB app/<name>/<id>) name each node's public address and AZ
    const id = stack.lbArn.split('/').slice(-2).join('/');
    const enis = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'description', Values: [`ELB app/${id}`] }] }),
    );
    const seen = (enis.NetworkInterfaces ?? []).map((e) => ({
      address: e.Association?.PublicIp,
      zone: e.AvailabilityZone,
      requester: e.RequesterId,
    }));
    expect(seen).toEqual(nodes.map((n) => ({ address: n.address, zone: n.zone, requester: 'amazon-elb' })));
    const byIp = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [{ Name: 'association.public-ip', Values: [nodes[1]?.address ?? ''] }],
      }),
    );
    expect(byIp.NetworkInterfaces?.map((e) => e.AvailabilityZone)).toEqual([zoneC]);
  });

  it('Given cross-zone on (the ALB default), When each node gets 30 requests, Then every node round-robins over all healthy targets', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await oneAndTwo(t, stack);
    for (const node of t.sandbox.resolveLoadBalancer(stack.dnsName, 80))
      expect(tally(await names(stack, node, 30))).toEqual({ alpha: 10, beta: 10, gamma: 10 });
  });

  it('Given cross-zone off and 1 + 2 tasks over two AZs, Then DNS drops the AZ without a target, each node sends to its own AZ only, and the lone task gets half the traffic', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await oneAndTwo(t, stack);
    await setAttributes(t, stack, { 'load_balancing.cross_zone.enabled': 'false' });

    // Then the name resolves to the nodes of the two AZs with targets (DNS failover drops 1d)
    const nodes = t.sandbox.resolveLoadBalancer(stack.dnsName, 80);
    expect(nodes.map((n) => n.zone)).toEqual([zoneA, zoneC]);

    // And the 1a node sends only to alpha, the 1c node only to beta and gamma
    const [nodeA, nodeC] = nodes as [LoadBalancerNode, LoadBalancerNode];
    const fromA = await names(stack, nodeA, 20);
    const fromC = await names(stack, nodeC, 20);
    expect(tally(fromA)).toEqual({ alpha: 20 });
    expect(tally(fromC)).toEqual({ beta: 10, gamma: 10 });

    // So a client spreading over the nodes gives the lone task half, the other two a quarter each
    expect(tally([...fromA, ...fromC])).toEqual({ alpha: 20, beta: 10, gamma: 10 });

    // And the node of the AZ without targets, asked directly, has nothing to send to
    const nodeD = stack.nodes.find((n) => n.zone === zoneD) as LoadBalancerNode;
    expect((await get(nodeD, stack.dnsName, '/')).status).toBe(503);
  });

  it('Given lb_cookie stickiness, Then the first answer sets AWSALB and requests carrying it stay on that target; without it they rotate', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await oneAndTwo(t, stack);
    await setAttributes(t, stack, { 'stickiness.enabled': 'true', 'stickiness.lb_cookie.duration_seconds': '3600' });

    // When a first request goes through a node
    const node = stack.local;
    const first = await get(node, stack.dnsName, '/hostname');
    const cookie = first.cookies.find((c) => c.startsWith('AWSALB='));
    expect(cookie).toMatch(/^AWSALB=[\w-]+; Expires=[^;]+ GMT; Path=\/$/);
    expect(first.cookies.some((c) => c.startsWith('AWSALBCORS=') && c.includes('SameSite=None'))).toBe(true);

    // Then 10 requests sending the cookie (through any node) reach the same target
    const pair = cookie?.split(';')[0] ?? '';
    const pinned = first.body.split(' ')[0];
    for (let i = 0; i < 10; i += 1) {
      const via = stack.nodes[i % stack.nodes.length] as LoadBalancerNode;
      expect((await get(via, stack.dnsName, '/hostname', { cookie: pair })).body.split(' ')[0]).toBe(pinned);
    }

    // And without the cookie the node keeps rotating over all three
    expect(new Set(await names(stack, node, 6))).toEqual(new Set(['alpha', 'beta', 'gamma']));

    // And with stickiness off again, the cookie no longer pins
    await setAttributes(t, stack, { 'stickiness.enabled': 'false' });
    const loose = [];
    for (let i = 0; i < 6; i += 1)
      loose.push((await get(node, stack.dnsName, '/hostname', { cookie: pair })).body.split(' ')[0]);
    expect(new Set(loose).size).toBe(3);
  });
});
