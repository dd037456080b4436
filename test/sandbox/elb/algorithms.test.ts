import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ModifyTargetGroupAttributesCommand, RegisterTargetsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { listenNode } from '../../../source/sandbox/elb/nodes.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, get, startBackend, targetStates, waitFor, type AlbStack, type Backend } from '../fixtures.js';

const [inA, inC] = seed.instances;
let t: TestSandbox | undefined;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function backend(name: string): Promise<Backend> {
  const b = await startBackend(name);
  closers.push(() => b.close());
  return b;
}

/**
 * A backend that keeps the first request for /hold open until `release()`, and answers everything
 * else at once (health checks included): a target busy with one slow request.
 */
async function holdingBackend(name: string) {
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.url === '/hold' && held.length === 0) held.push(res);
    else res.end(`${name} ${req.url ?? ''}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const release = () => held.splice(0).forEach((res) => res.end(`${name} /held`));
  closers.push(async () => {
    release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { port: (server.address() as AddressInfo).port, holding: () => held.length === 1, release };
}

async function register(c: TestSandbox, stack: AlbStack, targets: { id: string; port: number }[]): Promise<void> {
  await c.elbv2.send(
    new RegisterTargetsCommand({
      TargetGroupArn: stack.tgArn,
      Targets: targets.map((x) => ({ Id: x.id, Port: x.port })),
    }),
  );
  await waitFor(`${targets.length} more healthy targets`, async () => {
    const states = await targetStates(c, stack.tgArn);
    return targets.every((x) => states[`${x.id}:${x.port}`]?.state === 'healthy');
  });
}

async function setAttribute(c: TestSandbox, stack: AlbStack, Key: string, Value: string): Promise<void> {
  await c.elbv2.send(
    new ModifyTargetGroupAttributesCommand({ TargetGroupArn: stack.tgArn, Attributes: [{ Key, Value }] }),
  );
}

async function tally(stack: AlbStack, count: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < count; i += 1) {
    const name = (await get(stack.local, stack.dnsName, '/')).body.split(' ')[0] ?? '';
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

describe('routing algorithms', () => {
  it.each([
    ['least_outstanding_requests', { idle: 20 }],
    ['round_robin', { idle: 10, busy: 10 }],
  ] as const)(
    'Given one target busy with a request, When 20 more arrive under %s, Then they go %o',
    async (algorithm, expected) => {
      t = await startTestSandbox();
      const stack = await createAlbStack(t);
      const busy = await holdingBackend('busy');
      const idle = await backend('idle');
      await register(t, stack, [
        { id: inA.id, port: busy.port },
        { id: inC.id, port: idle.port },
      ]);
      await setAttribute(t, stack, 'load_balancing.algorithm.type', algorithm);

      // Given a request held open by `busy` (sent until one lands there)
      const node = stack.local;
      const pending: Promise<unknown>[] = [];
      await waitFor('a request held by the busy target', async () => {
        if (busy.holding()) return true;
        const answer = get(node, stack.dnsName, '/hold');
        pending.push(answer);
        await Promise.race([answer, new Promise((resolve) => setTimeout(resolve, 50))]);
        return busy.holding();
      });

      // Then the next 20 requests through that node spread as the algorithm says
      expect(await tally(stack, 20)).toEqual(expected);
      busy.release();
      await Promise.all(pending);
    },
  );

  it('Given slow start, When a new target gets healthy, Then it gets less than an old target at first; with slow start off, an equal share', async () => {
    // Given one target healthy, and slow start of 900 s turned on (15 s here, at time scale 60)
    t = await startTestSandbox({ timeScale: 60 });
    const stack = await createAlbStack(t);
    const old = await backend('old');
    await register(t, stack, [{ id: inA.id, port: old.port }]);
    await setAttribute(t, stack, 'slow_start.duration_seconds', '900');

    // When a second target registers and gets healthy
    const fresh = await backend('new');
    await register(t, stack, [{ id: inC.id, port: fresh.port }]);

    // Then it gets less than the old one (which was healthy before slow start began: no ramp)
    const ramping = await tally(stack, 40);
    expect(ramping.new ?? 0).toBeLessThan(ramping.old ?? 0);

    // And with slow start off, both get the same share at once
    await setAttribute(t, stack, 'slow_start.duration_seconds', '0');
    expect(await tally(stack, 40)).toEqual({ old: 20, new: 20 });
  });
});

describe('node addresses', () => {
  it('Given an address this machine cannot bind, Then the node listens on 127.0.0.1 instead; a loopback address it keeps', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const fallback = await listenNode(server, '192.0.2.1');
    expect(fallback.address).toBe('127.0.0.1');
    await new Promise<void>((resolve) => server.close(() => resolve()));

    const own = createServer((_req, res) => res.end('ok'));
    const bound = await listenNode(own, '127.31.7.9');
    expect(bound.address).toBe('127.31.7.9');
    await new Promise<void>((resolve) => own.close(() => resolve()));
  });
});
