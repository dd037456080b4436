import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DeregisterTargetsCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadBalancerNode } from '../../../source/model/load-balancer.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, targetStates, waitFor } from '../fixtures.js';

const [first, second] = seed.instances;

/** A target that counts the requests the load balancer forwards (health checks aside); `/slow` answers after 300 ms. */
type CountingTarget = { name: string; port: number; forwarded: number; inFlight: number; server: Server };

async function countingTarget(name: string): Promise<CountingTarget> {
  const target: CountingTarget = { name, port: 0, forwarded: 0, inFlight: 0, server: createServer() };
  target.server.on('request', (req, res) => {
    if (req.headers['user-agent']?.startsWith('ELB-HealthChecker')) return void res.end('OK');
    target.forwarded += 1;
    target.inFlight += 1;
    const answer = (): void => {
      target.inFlight -= 1;
      res.end(name);
    };
    if (req.url === '/slow') setTimeout(answer, 300);
    else answer();
  });
  target.server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
  target.port = (target.server.address() as AddressInfo).port;
  return target;
}

function send(
  node: LoadBalancerNode,
  host: string,
  path: string,
  agent: Agent,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: node.address, port: node.port, path, headers: { host }, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let t: TestSandbox | undefined;
const targets: CountingTarget[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const target of targets.splice(0)) {
    target.server.closeAllConnections();
    target.server.close();
  }
});

describe('a draining target', () => {
  it('Given kept-alive connections from every node, When the target drains, Then it gets no new request while its in-flight ones finish', async () => {
    // Given two healthy targets, every node holding kept-alive connections to both
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await t.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: stack.tgArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '300' }],
      }),
    );
    const [a, b] = [await countingTarget('alpha'), await countingTarget('beta')];
    targets.push(a, b);
    await t.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: stack.tgArn,
        Targets: [
          { Id: first.id, Port: a.port },
          { Id: second.id, Port: b.port },
        ],
      }),
    );
    const sandbox = t;
    await waitFor('both healthy', async () =>
      Object.values(await targetStates(sandbox, stack.tgArn)).every((h) => h.state === 'healthy'),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    for (let i = 0; i < 12; i += 1) await send(stack.nodes[i % stack.nodes.length]!, stack.dnsName, '/', agent);
    expect(a.forwarded).toBeGreaterThan(0);

    // And slow requests in flight on alpha
    const slow = Array.from({ length: 6 }, (_, i) =>
      send(stack.nodes[i % stack.nodes.length]!, stack.dnsName, '/slow', agent),
    );
    await waitFor('slow requests in flight on alpha', () => a.inFlight > 0);
    await waitFor('every slow request arrived', () => a.inFlight + b.inFlight === 6);

    // When alpha is deregistered (draining for 300 AWS-seconds)
    await t.elbv2.send(
      new DeregisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );
    const forwardedAtDrain = a.forwarded;
    expect((await targetStates(t, stack.tgArn))[`${first.id}:${a.port}`]?.state).toBe('draining');
    const fresh = [];
    for (let i = 0; i < 30; i += 1)
      fresh.push(await send(stack.nodes[i % stack.nodes.length]!, stack.dnsName, '/', agent));
    const finished = await Promise.all(slow);
    agent.destroy();

    // Then every new request went to beta, alpha got none, and alpha's in-flight ones were answered
    expect(fresh.map((r) => r.body)).toEqual(Array.from({ length: 30 }, () => 'beta'));
    expect(a.forwarded).toBe(forwardedAtDrain);
    expect(finished.every((r) => r.status === 200)).toBe(true);
    expect(finished.some((r) => r.body === 'alpha')).toBe(true);
  });
});
