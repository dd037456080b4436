import { createServer, Agent, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { probe } from '../../../source/sandbox/elb/probe.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, targetStates, waitFor } from '../fixtures.js';

/** A local server on 127.0.0.1:0 that counts connections and requests; `answer` decides each one. */
type Counted = { port: number; connections: number; requests: number; server: Server; close(): Promise<void> };

async function counted(answer: (requestNumber: number, res: ServerResponse) => void): Promise<Counted> {
  const server = createServer();
  const c: Counted = {
    port: 0,
    connections: 0,
    requests: 0,
    server,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  server.on('connection', () => (c.connections += 1));
  server.on('request', (req, res) => {
    c.requests += 1;
    req.resume();
    answer(c.requests, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  c.port = (server.address() as AddressInfo).port;
  return c;
}

const servers: Counted[] = [];
const agents: Agent[] = [];
let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('health probes', () => {
  it('check a target over one kept-alive connection, and fail once its server is gone', async () => {
    // Given a registered target behind an active ALB
    const client = (t = await startTestSandbox());
    const stack = await createAlbStack(client);
    const target = await counted((_n, res) => res.end('ok'));
    servers.push(target);
    await client.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: stack.tgArn,
        Targets: [{ Id: seed.instances[0].id, Port: target.port }],
      }),
    );

    // When several health checks have run
    await waitFor('four health checks', () => target.requests >= 4);
    // Then they all came over the same connection
    expect(target.connections).toBe(1);
    expect((await targetStates(client, stack.tgArn))[`${seed.instances[0].id}:${target.port}`]?.state).toBe('healthy');

    // When the target's server stops, Then the checks fail (no stale connection keeps it healthy)
    await target.close();
    const health = await waitFor('unhealthy', async () => {
      const h = (await targetStates(client, stack.tgArn))[`${seed.instances[0].id}:${target.port}`];
      return h?.state === 'unhealthy' ? h : undefined;
    });
    expect(health.reason).toBe('Target.FailedHealthChecks');
  });

  it('retries once on a new connection when the kept-alive one was closed as it was reused', async () => {
    // Given a target that answers the first request and drops the connection on the second,
    // as a server closing an idle connection at the moment it is reused does
    const target = await counted((n, res) => (n === 2 ? res.socket?.destroy() : res.end('ok')));
    servers.push(target);
    const agent = new Agent({ keepAlive: true });
    agents.push(agent);
    const check = { port: target.port, path: '/', matcher: '200', timeoutMs: 2_000, agent };
    expect(await probe(check)).toEqual({ ok: true });

    // When the next check reuses the connection, Then it still passes, over a second connection
    expect(await probe(check)).toEqual({ ok: true });
    expect(target.requests).toBe(3);
    expect(target.connections).toBe(2);

    // And a target that refuses connections fails the check
    await target.close();
    expect(await probe(check)).toEqual({
      ok: false,
      reason: 'Target.FailedHealthChecks',
      description: 'Health checks failed',
    });
  });
});
