import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectAws, type Connection } from '../../source/aws/connect.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createAlbStack } from '../sandbox/fixtures.js';

let t: TestSandbox | undefined;
let connection: Connection | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await connection?.close();
  connection = undefined;
  await t?.close();
  t = undefined;
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

process.env.AWS_ACCESS_KEY_ID ??= 'sandbox';
process.env.AWS_SECRET_ACCESS_KEY ??= 'sandbox';

describe('connectAws --endpoint-url', () => {
  it('Given the endpoint of a running sandbox, Then the connection resolves a load balancer name to all its nodes', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    connection = await connectAws({ endpointUrl: t.sandbox.endpoint, region: 'ap-northeast-1' });
    expect(connection.local).toBe(true);
    const nodes = await connection.resolveLoadBalancer?.(stack.dnsName, 80);
    expect(nodes).toEqual(t.sandbox.resolveLoadBalancer(stack.dnsName, 80));
    expect(nodes).toHaveLength(3);
    expect(await connection.resolveLoadBalancer?.('nope.elb.localhost', 80)).toEqual([]);
  });

  it('Given a local endpoint that is no sandbox (404), Then the resolver finds no nodes, so DNS is used', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>not here</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    connection = await connectAws({ endpointUrl, region: 'ap-northeast-1' });
    expect(await connection.resolveLoadBalancer?.('demo-alb-1.ap-northeast-1.elb.localhost', 80)).toEqual([]);
  });

  it('Given a remote endpoint or AWS itself, Then there is no resolver: names go by DNS', async () => {
    connection = await connectAws({ endpointUrl: 'https://ecs.example.com', region: 'ap-northeast-1' });
    expect(connection.local).toBe(false);
    expect(connection.resolveLoadBalancer).toBeUndefined();
    await connection.close();
    connection = await connectAws({ region: 'ap-northeast-1' });
    expect(connection.resolveLoadBalancer).toBeUndefined();
  });
});
