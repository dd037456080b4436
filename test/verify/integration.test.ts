import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, startFarm } from '../../verify/bench/fixture.js';
import { verify } from '../../verify/run.js';

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
    expect(report.sent).toBeLessThanOrEqual(60);
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
