import type { Server } from 'node:http';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reachOf, verifyStack, waitForDns } from '../../source/engine/verify-stack.js';
import { stepDeps } from '../../source/engine/deps.js';
import { STATE_VERSION } from '../../source/state/schema.js';
import { baseResults, mocks } from '../steps/aws-mocks.js';
import { fakeAlb, ORIGIN } from '../verify/helpers/fake-alb.js';
import { engineDeps } from './engine-deps.js';
import { bothHealthy, DNS, I_A, I_C, mockTwoTasks, portOf, startLoadBalancer, targetOf } from './verifiable-stack.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A stack whose service step is done (2 tasks), AWS answering as given, and the load balancer's HTTP side. */
async function givenStack(answering: string[]) {
  const given = engineDeps();
  const at = new Date(given.deps.now()).toISOString();
  given.deps.store.set({
    version: STATE_VERSION,
    stack: 'demo',
    region: 'ap-northeast-1',
    createdAt: at,
    updatedAt: at,
    answers: {},
    steps: { service: { status: 'done', updatedAt: at } },
    results: {
      ...baseResults,
      'load-balancer': {
        loadBalancerArn: 'arn:lb/demo-alb',
        name: 'demo-alb',
        dnsName: DNS,
        scheme: 'internet-facing',
      },
      service: { serviceArn: 'arn:svc/demo', serviceName: 'demo-service', desiredCount: 2, healthy: 2 },
    },
    resources: [],
  });
  mockTwoTasks();
  server = await startLoadBalancer(answering);
  const port = portOf(server);
  const resolved: [string, number][] = [];
  const resolve = (host: string, listenerPort: number) => {
    resolved.push([host, listenerPort]);
    return Promise.resolve([{ address: '127.0.0.1', port }]);
  };
  return { ...given, resolve, resolved };
}

beforeEach(() => mocks.reset());

describe('verifyStack', () => {
  it('Given every target already healthy, then no wait, PASS over both tasks with the given settings, verdict saved', async () => {
    // Given
    const { deps, events, resolve, resolved } = await givenStack(['3f2a9b1c0d4e', '77aa00bb11cc']);
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(bothHealthy);
    // When
    const { report, waitTimeout } = await verifyStack(deps, {
      step: 'scale-out',
      resolve,
      settings: { concurrency: 2, maxRequests: 200 },
    });
    // Then
    expect(waitTimeout).toBeUndefined();
    expect(events.filter((e) => e.type === 'wait')).toEqual([]);
    expect(new Set(resolved.map(([host, port]) => `${host}:${port}`))).toEqual(new Set([`${DNS}:80`]));
    expect(report.url).toBe(`http://${DNS}/hostname`);
    expect(report.verdict).toBe('PASS');
    expect(report.options).toMatchObject({ concurrency: 2, maxRequests: 200 });
    expect(report.sent).toBeLessThanOrEqual(200);
    expect(report.nodes.map((n) => n.address)).toEqual(['127.0.0.1']);
    expect(report.backends.map((b) => [b.id, b.instanceId, b.hostPort, b.targetHealth])).toEqual([
      ['3f2a9b1c0d4e', I_A, 32768, 'healthy'],
      ['77aa00bb11cc', I_C, 32771, 'healthy'],
    ]);
    expect(deps.store.get()?.verifications?.['scale-out']).toEqual({
      verdict: 'PASS',
      backends: 2,
      expected: 2,
      requests: report.sent,
      at: report.startedAt,
    });
  });

  it('Given targets in their first health checks, then it waits with progress until both are healthy, then PASSes', async () => {
    // Given: the first two looks see initial targets, then both are healthy
    const { deps, events, resolve } = await givenStack(['3f2a9b1c0d4e', '77aa00bb11cc']);
    const initial = {
      TargetHealthDescriptions: [
        targetOf(I_A, 32768, 'initial', 'Elb.InitialHealthChecking'),
        targetOf(I_C, 32771, 'initial'),
      ],
    };
    mocks.elbv2.on(DescribeTargetHealthCommand).resolvesOnce(initial).resolvesOnce(initial).resolves(bothHealthy);
    // When
    const { report, waitTimeout } = await verifyStack(deps, { step: 'service', resolve });
    // Then
    expect(waitTimeout).toBeUndefined();
    const progress = events.flatMap((e) => (e.type === 'wait' && e.progress ? [e.progress] : []));
    expect(progress).toEqual(['healthy 0/2, running 2/2', 'healthy 2/2, running 2/2']);
    expect(events).toContainEqual(expect.objectContaining({ type: 'wait-end', step: 'service', ok: true }));
    expect(report.verdict).toBe('PASS');
    expect(deps.store.get()?.verifications?.service).toMatchObject({ verdict: 'PASS', backends: 2 });
  });

  it('Given one target that never gets healthy, then the timeout is returned, the silent task is named with its target health, and it is a FAIL', async () => {
    // Given: T2's target times out on its health checks and the load balancer only reaches T1
    const { deps, resolve } = await givenStack(['3f2a9b1c0d4e']);
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [targetOf(I_A, 32768, 'healthy'), targetOf(I_C, 32771, 'unhealthy', 'Target.Timeout')],
    });
    // When
    const { report, waitTimeout } = await verifyStack(deps, { step: 'scale-out', resolve });
    // Then
    expect(waitTimeout).toMatch(
      /^timed out after 60s waiting for 2 healthy targets for service demo-service \(healthy 1\/2, running 2\/2\): targets time out/,
    );
    expect(report.verdict).toBe('FAIL');
    expect(report.criteria).toContainEqual({
      id: 'healthy-targets',
      pass: false,
      title: 'healthy targets equal the desired count',
      evidence: waitTimeout,
    });
    expect(report.missing).toEqual([
      {
        id: '77aa00bb11cc',
        explanation: expect.stringContaining(
          `task a5ada81c… (77aa00bb11cc) on ${I_C} port 32771 never answered; its target is unhealthy (Target.Timeout)`,
        ) as string,
      },
    ]);
    expect(deps.store.get()?.verifications?.['scale-out']).toMatchObject({ verdict: 'FAIL', backends: 1, expected: 2 });
  });

  it('Given the running tasks all answer evenly but fewer run than desired, then it is still a FAIL', async () => {
    // Given: the service wants 3 tasks, only the 2 healthy ones run (e.g. the cluster lacks memory)
    const { deps, resolve } = await givenStack(['3f2a9b1c0d4e', '77aa00bb11cc']);
    mocks.ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ desiredCount: 3, runningCount: 2, deployments: [{ status: 'PRIMARY' }] }] });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(bothHealthy);
    // When
    const { report, waitTimeout } = await verifyStack(deps, { step: 'scale-out', resolve });
    // Then: both tasks answered, every verifier criterion passed, but the stack is not at its count
    expect(waitTimeout).toContain('only 2 of 3 tasks run');
    expect(report.criteria.filter((c) => !c.pass).map((c) => c.id)).toEqual(['healthy-targets']);
    expect(report.verdict).toBe('FAIL');
  });
});

const notFound = (host: string) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });

describe('verifyStack on AWS: the load balancer reached by its DNS name', () => {
  let agent: MockAgent | undefined;
  afterEach(async () => {
    await agent?.close();
    agent = undefined;
  });

  /** The stack of `givenStack`, its load balancer named `alb.test` and answered by a MockAgent. */
  async function givenAwsStack() {
    const given = await givenStack([]);
    given.deps.store.update((record) => {
      const lb = record.results['load-balancer'];
      if (lb) lb.dnsName = new URL(ORIGIN).hostname;
    });
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves(bothHealthy);
    agent = fakeAlb([{ id: '3f2a9b1c0d4e' }, { id: '77aa00bb11cc' }]);
    return { ...given, dispatcher: agent };
  }

  it('Given a new name not in DNS yet, then it waits with progress until the name resolves, then sends through it and PASSes', async () => {
    // Given: the resolver misses twice (a new ALB name, a cached miss), then answers
    const { deps, events, dispatcher } = await givenAwsStack();
    const looked: string[] = [];
    const lookup = (host: string) => {
      looked.push(host);
      return looked.length <= 2
        ? Promise.reject(notFound(host))
        : Promise.resolve({ address: '203.0.113.10', family: 4 });
    };
    // When
    const { report, waitTimeout } = await verifyStack(deps, {
      step: 'scale-out',
      awaitDns: true,
      lookup,
      settings: { dispatcher },
    });
    // Then
    expect(looked).toEqual(['alb.test', 'alb.test', 'alb.test']);
    const dnsWaits = events.filter((e) => e.type === 'wait' && e.id === 'scale-out-dns');
    expect(dnsWaits[0]).toMatchObject({ what: 'DNS name alb.test to resolve' });
    expect(dnsWaits.flatMap((e) => (e.type === 'wait' && e.progress ? [e.progress] : []))).toEqual([
      'not in DNS yet (ENOTFOUND)',
      'not in DNS yet (ENOTFOUND)',
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'wait-end', id: 'scale-out-dns', ok: true }));
    expect(waitTimeout).toBeUndefined();
    expect(report.url).toBe('http://alb.test/hostname');
    expect(report.verdict).toBe('PASS');
  });

  it('Given a name that never resolves, then the timeout names it and the likely cause, and the verdict is a FAIL saved with the stack', async () => {
    // Given
    const { deps, dispatcher } = await givenAwsStack();
    const lookup = (host: string) => Promise.reject(notFound(host));
    // When
    const { report, waitTimeout } = await verifyStack(deps, {
      step: 'service',
      awaitDns: true,
      lookup,
      settings: { dispatcher },
    });
    // Then
    expect(waitTimeout).toMatch(
      /^timed out after 60s waiting for DNS name alb\.test to resolve \(not in DNS yet \(ENOTFOUND\)\): the name still does not resolve/,
    );
    expect(report.criteria).toContainEqual({
      id: 'dns-resolves',
      pass: false,
      title: "the load balancer's DNS name resolves",
      evidence: waitTimeout,
    });
    expect(report.verdict).toBe('FAIL');
    expect(deps.store.get()?.verifications?.service).toMatchObject({ verdict: 'FAIL' });
  });

  it('Given a lookup failing for another reason than a missing name, then that error is not waited out', async () => {
    const { deps, dispatcher } = await givenAwsStack();
    const refused = Object.assign(new Error('getaddrinfo EPERM alb.test'), { code: 'EPERM' });
    await expect(
      verifyStack(deps, {
        step: 'service',
        awaitDns: true,
        lookup: () => Promise.reject(refused),
        settings: { dispatcher },
      }),
    ).rejects.toBe(refused);
  });

  it('Given an IP address for a host, then there is nothing to look up', async () => {
    const { deps, events } = engineDeps();
    const record = {
      version: STATE_VERSION,
      stack: 'demo',
      region: 'ap-northeast-1',
      createdAt: '',
      updatedAt: '',
      answers: {},
      steps: {},
      results: {},
      resources: [],
    };
    const looked: string[] = [];
    await waitForDns(stepDeps(deps, record), 'service', '10.0.0.5', (host) => Promise.resolve(looked.push(host)));
    expect(looked).toEqual([]);
    expect(events).toEqual([]);
  });

  it('reachOf: the sandbox through its resolver; AWS and remote endpoints by DNS after a wait; a local endpoint by DNS at once', () => {
    const resolveLoadBalancer = () => Promise.resolve([]);
    expect(reachOf({ local: true, resolveLoadBalancer })).toEqual({ resolve: resolveLoadBalancer });
    expect(reachOf({ local: false })).toEqual({ awaitDns: true });
    expect(reachOf({ local: true })).toEqual({ awaitDns: false });
  });
});
