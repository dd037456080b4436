// A `sandbox serve` process with an ALB in front of an ECS service, for the sandbox load balancer
// bench: the tasks are the sandbox's own task servers (in its process, as in real use) and the
// health checks are the wizard's (every 10 s AWS, 2 to turn healthy, path /hostname).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VerifyNode } from '../types.js';
import { ecs, query, xmlCount, xmlValue } from './sandbox-api.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLUSTER = 'ecs-demo';
const SERVICE = 'bench';

/** A running sandbox with the stack built; `scaleTo` grows the service and waits for health. */
export type SandboxStack = {
  /** One node's local URL of `/hostname`, for clients that take one address (autocannon). */
  url: string;
  /** The load balancer's own URL of `/hostname` (its DNS name) and its nodes, for the verifier. */
  lbUrl: string;
  nodes: VerifyNode[];
  scaleTo(count: number, timeoutMs?: number): Promise<void>;
  /** Share of one core the sandbox process used over `ms` (undefined off Linux). */
  cpuShare(ms: number): Promise<number | undefined>;
  stop(): Promise<void>;
};

async function poll<T>(what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`sandbox bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function serve(stateDir: string, timeScale: number): Promise<{ child: ChildProcess; endpoint: string }> {
  const args = [
    '--import',
    'tsx',
    join(root, 'cli.tsx'),
    'sandbox',
    'serve',
    '--port',
    '0',
    '--state-dir',
    stateDir,
    '--time-scale',
    String(timeScale),
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const endpoint = await poll('sandbox serve to print its endpoint', 30_000, () => {
    if (child.exitCode !== null) throw new Error(`sandbox serve exited with ${child.exitCode}`);
    return Promise.resolve(/Sandbox endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1]);
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return { child, endpoint };
}

/** The security groups, target group, ALB, listener and load-balanced service (no tasks yet). */
async function build(endpoint: string): Promise<{ tgArn: string; dnsName: string; nodes: VerifyNode[] }> {
  const vpcId = xmlValue(await query(endpoint, 'ec2', 'DescribeVpcs'), 'vpcId') ?? '';
  const subnets = [...(await query(endpoint, 'ec2', 'DescribeSubnets')).matchAll(/<subnetId>([^<]+)<\/subnetId>/g)].map(
    (m) => m[1] ?? '',
  );
  const instanceGroup =
    xmlValue(
      await query(endpoint, 'ec2', 'DescribeSecurityGroups', { 'GroupName.1': 'ecs-demo-instances' }),
      'groupId',
    ) ?? '';
  const albGroup =
    xmlValue(
      await query(endpoint, 'ec2', 'CreateSecurityGroup', {
        GroupName: 'bench-alb',
        GroupDescription: 'bench',
        VpcId: vpcId,
      }),
      'groupId',
    ) ?? '';
  const rule = {
    GroupId: instanceGroup,
    'IpPermissions.1.IpProtocol': 'tcp',
    'IpPermissions.1.FromPort': 1,
    'IpPermissions.1.ToPort': 65535,
  };
  await query(endpoint, 'ec2', 'AuthorizeSecurityGroupIngress', {
    ...rule,
    'IpPermissions.1.Groups.1.GroupId': albGroup,
  });
  const tg = await query(endpoint, 'elbv2', 'CreateTargetGroup', {
    Name: 'bench-tg',
    Protocol: 'HTTP',
    Port: 80,
    VpcId: vpcId,
    TargetType: 'instance',
    HealthCheckPath: '/hostname',
    HealthCheckIntervalSeconds: 10,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 2,
    UnhealthyThresholdCount: 2,
  });
  const tgArn = xmlValue(tg, 'TargetGroupArn') ?? '';
  await query(endpoint, 'elbv2', 'ModifyTargetGroupAttributes', {
    TargetGroupArn: tgArn,
    'Attributes.member.1.Key': 'deregistration_delay.timeout_seconds',
    'Attributes.member.1.Value': 0,
  });
  const lb = await query(endpoint, 'elbv2', 'CreateLoadBalancer', {
    Name: 'bench-alb',
    'SecurityGroups.member.1': albGroup,
    ...Object.fromEntries(subnets.map((s, i) => [`Subnets.member.${i + 1}`, s])),
  });
  const lbArn = xmlValue(lb, 'LoadBalancerArn') ?? '';
  const dnsName = xmlValue(lb, 'DNSName') ?? '';
  await poll('the ALB to be active', 20_000, async () =>
    xmlValue(
      await query(endpoint, 'elbv2', 'DescribeLoadBalancers', { 'LoadBalancerArns.member.1': lbArn }),
      'Code',
    ) === 'active'
      ? true
      : undefined,
  );
  await query(endpoint, 'elbv2', 'CreateListener', {
    LoadBalancerArn: lbArn,
    Protocol: 'HTTP',
    Port: 80,
    'DefaultActions.member.1.Type': 'forward',
    'DefaultActions.member.1.TargetGroupArn': tgArn,
  });
  const container = {
    name: 'web',
    image: 'bench/hostname',
    cpu: 4,
    memory: 8,
    essential: true,
    portMappings: [{ containerPort: 4567, hostPort: 0, protocol: 'tcp' }],
  };
  await ecs(endpoint, 'RegisterTaskDefinition', {
    family: SERVICE,
    networkMode: 'bridge',
    containerDefinitions: [container],
  });
  await ecs(endpoint, 'CreateService', {
    cluster: CLUSTER,
    serviceName: SERVICE,
    taskDefinition: SERVICE,
    desiredCount: 0,
    launchType: 'EC2',
    loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 4567 }],
  });
  const nodes = await poll('the listener to come up', 20_000, async () => {
    const res = await fetch(`${endpoint}/_sandbox/resolve?host=${dnsName}&port=80`);
    const found = res.ok ? ((await res.json()) as { nodes: VerifyNode[] }).nodes : [];
    return found.length > 0 ? found : undefined;
  });
  return { tgArn, dnsName, nodes };
}

/** CPU seconds (user + system) a process has used, from /proc; undefined where there is none. */
async function cpuSeconds(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? (Number(fields[11]) + Number(fields[12])) / 100 : undefined; // utime, stime in ticks of 1/100 s
}

/** Starts `sandbox serve` (time scale 600 by default) in a temp state dir and builds the stack. */
export async function startSandboxStack(timeScale = 600): Promise<SandboxStack> {
  const stateDir = await mkdtemp(join(tmpdir(), 'sandbox-bench-'));
  const { child, endpoint } = await serve(stateDir, timeScale);
  const stop = async (): Promise<void> => {
    child.kill('SIGINT');
    if (child.exitCode === null) await once(child, 'exit');
    await rm(stateDir, { recursive: true, force: true });
  };
  const { tgArn, dnsName, nodes } = await build(endpoint).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const first = nodes[0];
  return {
    url: `http://${first?.address ?? '127.0.0.1'}:${first?.port ?? 0}/hostname`,
    lbUrl: `http://${dnsName}/hostname`,
    nodes,
    async scaleTo(count, timeoutMs = 60_000) {
      await ecs(endpoint, 'UpdateService', { cluster: CLUSTER, service: SERVICE, desiredCount: count });
      await poll(`${count} healthy targets`, timeoutMs, async () => {
        const xml = await query(endpoint, 'elbv2', 'DescribeTargetHealth', { TargetGroupArn: tgArn });
        return xmlCount(xml, 'State', 'healthy') === count ? true : undefined;
      });
    },
    async cpuShare(ms) {
      const before = await cpuSeconds(child.pid ?? 0);
      await new Promise((resolve) => setTimeout(resolve, ms));
      const after = await cpuSeconds(child.pid ?? 0);
      return before === undefined || after === undefined ? undefined : (after - before) / (ms / 1000);
    },
    stop,
  };
}
