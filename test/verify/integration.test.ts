import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, startFarm } from '../../verify/bench/fixture.js';
import { startZonedFarm, type FakeZone } from '../../verify/bench/zoned-farm.js';
import { verify } from '../../verify/run.js';
import type { VerificationReport } from '../../verify/types.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function farm(...behaviours: Parameters<typeof startFarm>[0]) {
  const started = await startFarm(behaviours);
  cleanups.push(started.close);
  return started;
}

describe('verify against real local servers behind a real round-robin', () => {
  it('Given 3 containers behind the balancer, then PASS with 3 distinct ids mapped to their tasks', async () => {
    const { balancer } = await farm({ id: '3f2a9b1c0d4e' }, { id: '77aa00bb11cc' }, { id: 'c0ffee000001' });
    const report = await verify({
      url: `${balancer.url}/hostname`,
      expected: [
        { id: '3f2a9b1c0d4e', taskId: 'task-1', instanceId: 'i-01', hostPort: 32768 },
        { id: '77aa00bb11cc', taskId: 'task-2', instanceId: 'i-02', hostPort: 32769 },
        { id: 'c0ffee000001', taskId: 'task-3', instanceId: 'i-01', hostPort: 32770 },
      ],
    });
    expect(report.verdict).toBe('PASS');
    expect(report.sent).toBeLessThanOrEqual(300);
    expect(report.backends.map((b) => [b.id, b.taskId])).toEqual([
      ['3f2a9b1c0d4e', 'task-1'],
      ['77aa00bb11cc', 'task-2'],
      ['c0ffee000001', 'task-3'],
    ]);
  });

  it('Given --connect-to, then requests reach the balancer while keeping the URL host in the Host header', async () => {
    const { balancer } = await farm({ id: 'a' }, { id: 'b' });
    const report = await verify({
      url: 'http://demo-alb-123.ap-northeast-1.elb.localhost/hostname',
      connectTo: { host: '127.0.0.1', port: balancer.port },
      expected: [{ id: 'a' }, { id: 'b' }],
    });
    expect(report.verdict).toBe('PASS');
    expect(balancer.hostSeen()).toBe('demo-alb-123.ap-northeast-1.elb.localhost');
  });

  it('Given keep-alive, then 100 requests with concurrency 4 use at most 4 connections', async () => {
    const backend = await startBackend({ id: 'solo' });
    cleanups.push(backend.close);
    const report = await verify({ url: `${backend.url}/hostname`, concurrency: 4, maxRequests: 100 });
    expect(report.sent).toBe(100);
    expect(backend.connections()).toBeGreaterThan(0);
    expect(backend.connections()).toBeLessThanOrEqual(4);
  });

  it('Given a backend slower than the timeout, then its requests count as timeouts', async () => {
    const { balancer } = await farm({ id: 'fast' }, { id: 'stuck', delayMs: 3000 });
    const report = await verify({ url: `${balancer.url}/hostname`, timeoutMs: 200, maxRequests: 6, concurrency: 2 });
    expect(report.errors.find((e) => e.kind === 'timeout')?.count).toBeGreaterThan(0);
    expect(report.verdict).toBe('FAIL');
  });

  it('Given a port nobody listens on, then connection refused is reported and nothing throws', async () => {
    const closed = await startBackend({ id: 'gone' });
    await closed.close();
    const report = await verify({ url: `${closed.url}/hostname`, expected: [{ id: 'gone' }] });
    expect(report.verdict).toBe('FAIL');
    expect(report.errors.map((e) => e.label)).toEqual(['connection refused']);
  });

  it('Given one backend down behind the balancer, then its 502s are counted and its id is missing', async () => {
    const { balancer, backends } = await farm({ id: 'a' }, { id: 'b' }, { id: 'c' });
    await backends[1]?.close();
    const report = await verify({ url: `${balancer.url}/hostname`, expected: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    expect(report.verdict).toBe('FAIL');
    expect(report.errors[0]?.label).toBe('HTTP 502');
    expect(report.missing.map((m) => m.id)).toEqual(['b']);
  });

  it('Given a time budget shorter than the run, then it stops on the budget', async () => {
    const { balancer } = await farm({ id: 'a', delayMs: 50 });
    const report = await verify({ url: `${balancer.url}/hostname`, budgetMs: 300, concurrency: 1, maxRequests: 1000 });
    expect(report.stoppedBecause).toBe('time-budget');
    expect(report.sent).toBeLessThan(20);
  });
});

const ids = (k: number): string[] => Array.from({ length: k }, (_, i) => `backend-${String(i).padStart(2, '0')}`);
const spreadOf = (report: VerificationReport) => report.criteria.find((c) => c.id === 'even-spread');

describe('evenness behind a neutral weighted round-robin proxy (not the sandbox)', () => {
  it.each([
    [3, 300],
    [20, 3000],
  ])('Given an even rotation over %i backends, then PASS within %i requests', async (k, limit) => {
    const { balancer } = await farm(...ids(k).map((id) => ({ id })));
    const report = await verify({ url: `${balancer.url}/hostname`, expected: ids(k).map((id) => ({ id })) });
    expect(report.verdict).toBe('PASS');
    expect(report.stoppedBecause).toBe('settled-pass');
    expect(report.sent).toBeLessThanOrEqual(limit);
    expect(report.spread?.outcome).toBe('even');
  });

  it.each([
    ['2:1:1', [2, 1, 1], 'backend-00 takes 50.0%'],
    ['5:1:1', [5, 1, 1], 'backend-00 takes 7'],
  ])(
    'Given a %s rotation, then FAIL: shown uneven, naming the backend over its share',
    async (_label, weights, named) => {
      const { balancer } = await farm(...weights.map((weight, i) => ({ id: `backend-0${i}`, weight })));
      const report = await verify({ url: `${balancer.url}/hostname`, expected: ids(3).map((id) => ({ id })) });
      expect(report.verdict).toBe('FAIL');
      expect(report.stoppedBecause).toBe('settled-fail');
      expect(report.criteria.filter((c) => !c.pass).map((c) => c.id)).toEqual(['even-spread']);
      expect(spreadOf(report)?.evidence).toContain(named);
    },
  );

  it('Given 2:1:1 and only 300 requests allowed, then FAIL as undecided, saying how many more requests a verdict needs', async () => {
    const { balancer } = await farm({ id: 'backend-00', weight: 2 }, { id: 'backend-01' }, { id: 'backend-02' });
    const report = await verify({
      url: `${balancer.url}/hostname`,
      expected: ids(3).map((id) => ({ id })),
      maxRequests: 300,
    });
    expect(report.verdict).toBe('FAIL');
    expect(report.stoppedBecause).toBe('request-cap');
    expect(report.spread?.outcome).toBe('undecided');
    expect(spreadOf(report)?.evidence).toMatch(/about \d+ more requests would settle it \(--requests \d+\)$/);
  });
});

const zonesOf = (a: string[], c: string[]): FakeZone[] => [
  { zone: 'az-a', address: '127.0.0.2', backends: a },
  { zone: 'az-c', address: '127.0.0.3', backends: c },
];

describe('every load balancer node', () => {
  async function zoned(zones: FakeZone[], crossZone: boolean) {
    const started = await startZonedFarm(zones, crossZone);
    cleanups.push(started.close);
    return started;
  }

  it('Given two nodes with cross-zone on and 1 + 2 backends, then PASS with both nodes reported, each reaching all three', async () => {
    const { nodes } = await zoned(zonesOf(['a1'], ['c1', 'c2']), true);
    const report = await verify({
      url: 'http://demo-alb.elb.test/hostname',
      nodes,
      expected: ['a1', 'c1', 'c2'].map((id) => ({ id })),
    });
    expect(report.verdict).toBe('PASS');
    expect(report.nodes.map((n) => [n.address, n.zone, n.backends.length])).toEqual([
      ['127.0.0.2', 'az-a', 3],
      ['127.0.0.3', 'az-c', 3],
    ]);
    const [a, c] = report.nodes;
    expect(Math.abs((a?.sent ?? 0) - (c?.sent ?? 0))).toBeLessThanOrEqual(1);
    expect(report.findings).toEqual([]);
  });

  it('Given cross-zone off and 1 + 2 backends, then FAIL: the lone backend takes half, and the nodes show why', async () => {
    const { nodes } = await zoned(zonesOf(['a1'], ['c1', 'c2']), false);
    const report = await verify({
      url: 'http://demo-alb.elb.test/hostname',
      nodes,
      expected: ['a1', 'c1', 'c2'].map((id) => ({ id })),
    });
    expect(report.verdict).toBe('FAIL');
    expect(report.backends.find((b) => b.id === 'a1')?.share).toBeCloseTo(0.5, 2);
    expect(report.nodes.map((n) => n.backends.map((b) => b.id).sort())).toEqual([['a1'], ['c1', 'c2']]);
    expect(report.findings).toEqual([expect.objectContaining({ id: 'nodes-disjoint', severity: 'cause' })]);
    expect(report.findings[0]?.text).toContain('cross-zone load balancing looks off');
  });

  it("Given cross-zone off, the backends' zones and the setting known, then the cause says the shares and how to fix it", async () => {
    const { nodes } = await zoned(zonesOf(['a1'], ['c1', 'c2']), false);
    const report = await verify({
      url: 'http://demo-alb.elb.test/hostname',
      nodes,
      expected: [
        { id: 'a1', zone: 'az-a' },
        { id: 'c1', zone: 'az-c' },
        { id: 'c2', zone: 'az-c' },
      ],
      topology: {
        crossZone: false,
        targetGroup: 'arn:tg/demo',
        fixes: { 'cross-zone-off': 'or spread the tasks over AZs' },
      },
    });
    expect(report.verdict).toBe('FAIL');
    const cause = report.findings.find((f) => f.id === 'cross-zone-off');
    expect(cause?.severity).toBe('cause');
    expect(cause?.text).toContain('uneven over Availability Zones (az-a: 1, az-c: 2)');
    expect(cause?.text).toContain('each backend in az-a gets 50.0%, each in az-c gets 25.0%');
    expect(cause?.text).toContain(
      'aws elbv2 modify-target-group-attributes --target-group-arn arn:tg/demo --attributes Key=load_balancing.cross_zone.enabled,Value=true; or spread the tasks over AZs',
    );
  });

  it('Given a resolver whose answer grows during a long run, then the new node gets requests too and both are reported', async () => {
    const { nodes } = await zoned(zonesOf(['a1', 'a2'], ['c1', 'c2']), true);
    let calls = 0;
    const resolveNodes = () => {
      calls += 1;
      return Promise.resolve(calls === 1 ? nodes.slice(0, 1) : nodes);
    };
    const report = await verify({
      url: 'http://demo-alb.elb.test/hostname',
      resolveNodes,
      reresolveMs: 20,
      expected: ['a1', 'a2', 'c1', 'c2'].map((id) => ({ id })),
      maxRequests: 5000,
      minPerBackend: 400,
    });
    expect(calls).toBeGreaterThan(1);
    expect(report.nodes.map((n) => n.address)).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(report.nodes.every((n) => n.sent > 0)).toBe(true);
  });
});
