import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  waitUntilLoadBalancerAvailable,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancerNode } from '../../source/model/load-balancer.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import type { TestSandbox } from '../helpers/sandbox.js';

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: last });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A local HTTP server on 127.0.0.1:0 answering every request with `name` (or `status`). */
export type Backend = {
  name: string;
  port: number;
  server: Server;
  status: number;
  hits: number;
  close(): Promise<void>;
};

export async function startBackend(name: string): Promise<Backend> {
  const backend: Backend = {
    name,
    port: 0,
    status: 200,
    hits: 0,
    server: createServer((req, res) => {
      backend.hits += 1;
      res.writeHead(backend.status, { 'content-type': 'text/plain' });
      res.end(`${name} ${req.url ?? ''}`);
    }),
    close: () =>
      new Promise((resolve) => {
        backend.server.close(() => resolve());
        backend.server.closeAllConnections();
      }),
  };
  await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
  backend.port = (backend.server.address() as AddressInfo).port;
  return backend;
}

/** GET through one load balancer node (its address and port) with the load balancer's DNS name as Host. */
export function get(
  node: Pick<LoadBalancerNode, 'address' | 'port'>,
  host: string,
  path = '/',
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; server?: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const options = { host: node.address, port: node.port, path, headers: { ...headers, host }, agent: false };
    const req = request(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          server: typeof res.headers.server === 'string' ? res.headers.server : undefined,
          cookies: res.headers['set-cookie'] ?? [],
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

export type AlbStack = {
  albGroupId: string;
  lbArn: string;
  dnsName: string;
  tgArn: string;
  listenerArn: string;
  /** The load balancer's nodes as its name resolves (one per AZ), and the first of them. */
  nodes: LoadBalancerNode[];
  local: LoadBalancerNode;
};

/**
 * An active ALB with its own security group, an HTTP target group (fast health checks: interval
 * 5 s, threshold 2) and a :80 listener forwarding to it. `allowInstances` adds the rule from the
 * ALB group to the instances' group on 32768-65535, as the wizard does.
 */
export async function createAlbStack(
  t: TestSandbox,
  options: { name?: string; allowInstances?: boolean; healthPath?: string } = {},
): Promise<AlbStack> {
  const name = options.name ?? 'demo';
  const group = await t.ec2.send(
    new CreateSecurityGroupCommand({ GroupName: `${name}-alb`, Description: 'ALB', VpcId: seed.vpcId }),
  );
  const albGroupId = group.GroupId ?? '';
  if (options.allowInstances ?? true) {
    await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: seed.instanceSecurityGroup.id,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: albGroupId }] },
        ],
      }),
    );
  }
  const tg = await t.elbv2.send(
    new CreateTargetGroupCommand({
      Name: `${name}-tg`,
      Protocol: 'HTTP',
      Port: 80,
      VpcId: seed.vpcId,
      TargetType: 'instance',
      HealthCheckPath: options.healthPath ?? '/hostname',
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 2,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
    }),
  );
  const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
  const lb = await t.elbv2.send(
    new CreateLoadBalancerCommand({
      Name: `${name}-alb`,
      Subnets: seed.subnets.map((s) => s.id),
      SecurityGroups: [albGroupId],
    }),
  );
  const lbArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  const dnsName = lb.LoadBalancers?.[0]?.DNSName ?? '';
  await waitUntilLoadBalancerAvailable(
    { client: t.elbv2, maxWaitTime: 20, minDelay: 1, maxDelay: 1 },
    { LoadBalancerArns: [lbArn] },
  );
  const listener = await t.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: lbArn,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
    }),
  );
  const listenerArn = listener.Listeners?.[0]?.ListenerArn ?? '';
  const nodes = await waitFor('every node of the listener to come up', () => {
    const up = t.sandbox.resolveLoadBalancer(dnsName, 80);
    return up.length === seed.subnets.length && up;
  });
  return { albGroupId, lbArn, dnsName, tgArn, listenerArn, nodes, local: nodes[0] as LoadBalancerNode };
}

/** Target states by `id:port`. */
export async function targetStates(
  t: Pick<TestSandbox, 'elbv2'>,
  tgArn: string,
): Promise<Record<string, { state?: string; reason?: string; description?: string }>> {
  const out = await t.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
  return Object.fromEntries(
    (out.TargetHealthDescriptions ?? []).map((d) => [
      `${d.Target?.Id ?? ''}:${d.Target?.Port ?? 0}`,
      { state: d.TargetHealth?.State, reason: d.TargetHealth?.Reason, description: d.TargetHealth?.Description },
    ]),
  );
}
