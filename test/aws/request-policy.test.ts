import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallWatchOptions, SlowCall } from '../../source/aws/call-watch.js';
import { createAwsClients, destroyAwsClients, type AwsClients } from '../../source/aws/clients.js';
import { defaultRequestPolicy, retryDelayMs, type RequestPolicy } from '../../source/aws/request-policy.js';

type Reply = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const ok: Reply = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
  res.end('{"clusterArns":[]}');
};
const throttle: Reply = (_req, res) => {
  res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
  res.end('{"__type":"ThrottlingException","message":"Rate exceeded"}');
};
/** Never answers: the socket stays open until the client gives up. */
const stall: Reply = () => undefined;

let server: Server | undefined;
let clients: AwsClients | undefined;

/** An ECS endpoint on loopback whose n-th request (from 1) gets `replies[n - 1]`, the last one after that. */
async function endpoint(replies: Reply[], policy: Partial<RequestPolicy>, watch?: CallWatchOptions) {
  let requests = 0;
  server = createServer((req, res) => {
    requests++;
    req.resume();
    (replies[Math.min(requests, replies.length) - 1] ?? ok)(req, res, requests);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  clients = await createAwsClients({
    region: 'ap-northeast-1',
    endpointUrl: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    requestPolicy: { baseDelayMs: 1, maxDelayMs: 5, ...policy },
    ...(watch ? { callWatch: watch } : {}),
  });
  return { clients, requests: () => requests };
}

afterEach(async () => {
  if (clients) destroyAwsClients(clients);
  clients = undefined;
  const open = server;
  server = undefined;
  if (!open) return;
  open.closeAllConnections();
  await new Promise((resolve) => open.close(resolve));
});

describe('every AWS request is bounded', () => {
  it('Given an endpoint that never answers, When a call is made, Then each attempt times out and the call fails after the last attempt', async () => {
    const { clients, requests } = await endpoint([stall], { requestTimeoutMs: 200, maxAttempts: 3 });
    const started = Date.now();
    await expect(clients.ecs.send(new ListClustersCommand({}))).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(requests()).toBe(3);
    // Three bounded attempts, not a hang (generous: the machine may be busy).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('Given one answer that never comes, When the SDK retries, Then the call succeeds on the next attempt', async () => {
    const { clients, requests } = await endpoint([stall, ok], { requestTimeoutMs: 200, maxAttempts: 3 });
    await expect(clients.ecs.send(new ListClustersCommand({}))).resolves.toMatchObject({ clusterArns: [] });
    expect(requests()).toBe(2);
  });

  it('Given four throttles in a row, When a call is made, Then it is retried through them and succeeds', async () => {
    const { clients, requests } = await endpoint([throttle, throttle, throttle, throttle, ok], {});
    await expect(clients.ecs.send(new ListClustersCommand({}))).resolves.toMatchObject({ clusterArns: [] });
    expect(requests()).toBe(5);
  });

  it('Given the default policy, Then every client retries with its capped backoff, not the SDK default', async () => {
    const { clients } = await endpoint([ok], { baseDelayMs: 100, maxDelayMs: 2000 });
    for (const client of [clients.ecs, clients.elbv2, clients.ec2, clients.iam, clients.sts]) {
      const strategy = (await client.config.retryStrategy()) as unknown as {
        computeNextBackoffDelay(a: number): number;
      };
      expect(strategy.computeNextBackoffDelay(10)).toBeLessThanOrEqual(2000);
      expect(await client.config.maxAttempts()).toBe(defaultRequestPolicy.maxAttempts);
    }
  });

  it('Given a call that runs long, Then the watch reports it by service and operation while it runs, and once more when it ends', async () => {
    const { clients } = await endpoint(
      [stall, ok],
      { requestTimeoutMs: 400, maxAttempts: 2 },
      { afterMs: 100, everyMs: 100 },
    );
    const seen: SlowCall[] = [];
    const stop = clients.calls.listen((call) => seen.push(call));
    await clients.ecs.send(new ListClustersCommand({}));
    stop();
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toMatchObject({ what: 'ECS ListClusters' });
    expect(seen.at(-1)).toMatchObject({ what: 'ECS ListClusters', ended: true });
    expect(new Set(seen.map((c) => c.id)).size).toBe(1);
  });
});

describe('retryDelayMs', () => {
  it('doubles from the base per attempt, under a ceiling, with full jitter', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 8].map((a) => retryDelayMs({ baseDelayMs: 100, maxDelayMs: 2000 }, a, top))).toEqual([
      199, 399, 799, 1599, 1999, 1999,
    ]);
    expect(retryDelayMs({ baseDelayMs: 100, maxDelayMs: 2000 }, 3, () => 0)).toBe(0);
  });

  it('keeps the default worst case of a call with every retry throttled to seconds, not minutes', () => {
    const p = defaultRequestPolicy;
    const worstDelays = Array.from({ length: p.maxAttempts - 1 }, (_, i) => retryDelayMs(p, i + 1, () => 1));
    expect(worstDelays.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
  });
});
