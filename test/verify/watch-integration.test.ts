import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startBackend, type Running } from '../../verify/bench/fixture.js';
import { startWatch } from '../../verify/watch.js';
import type { WatchEvent } from '../../verify/watch-types.js';
import { startMutableAlb } from './helpers/mutable-alb.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()));
});

async function farm(...ids: string[]) {
  const backends = await Promise.all(ids.map((id) => startBackend({ id })));
  const alb = await startMutableAlb(backends.map((b) => b.port));
  let closed = false;
  cleanups.push(async () => {
    await alb.close();
    if (!closed) await Promise.all(backends.map((b) => b.close().catch(() => undefined)));
    closed = true;
  });
  return { alb, backends: Object.fromEntries(ids.map((id, i) => [id, backends[i] as Running])) };
}

const target = (id: string) => ({ backend: id, target: `i-0local:${id}`, taskId: `task-${id}` });

describe('the watch against real local servers behind a round-robin that changes', () => {
  it('Given a backend removed properly (drained, then stopped), then no request fails and the watch PASSes over the rest', async () => {
    const { alb, backends } = await farm('a', 'b', 'c');
    const watch = await startWatch({ url: alb.url, rate: 100, expected: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    const say = (event: Omit<WatchEvent, 'at'>) => watch.event({ ...event, at: Date.now() });
    await sleep(800);
    say({ kind: 'target-draining', ...target('b') });
    alb.route([backends.a?.port ?? 0, backends.c?.port ?? 0]);
    await sleep(300);
    say({ kind: 'target-drained', ...target('b') });
    await backends.b?.close();
    say({ kind: 'task-stopped', ...target('b') });
    const report = await watch.finish({ expected: [{ id: 'a' }, { id: 'c' }], settleMs: 30_000 });
    expect(report.failed).toBe(0);
    expect(report.criteria.map((c) => [c.id, c.pass])).toEqual([
      ['no-failures', true],
      ['none-after-drained', true],
      ['stopped-after-drained', true],
      ['even-after', true],
    ]);
    expect(report.verdict).toBe('PASS');
    expect(report.lanes.find((l) => l.backend === 'b')?.answers).toBeGreaterThan(0);
  });

  it('Given a backend that dies while still in rotation, then its 502s are listed with the task stopped and the watch FAILs', async () => {
    const { alb, backends } = await farm('a', 'c');
    const watch = await startWatch({
      url: alb.url,
      rate: 100,
      expected: [{ id: 'a' }, { id: 'c', instanceId: 'i-0local', hostPort: 9 }],
    });
    const say = (event: Omit<WatchEvent, 'at'>) => watch.event({ ...event, at: Date.now() });
    await sleep(800);
    await backends.c?.close();
    say({ kind: 'task-stopped', backend: 'c', detail: 'Essential container in task exited' });
    await sleep(500);
    alb.route([backends.a?.port ?? 0]);
    say({ kind: 'target-unhealthy', backend: 'c' });
    await sleep(300);
    const report = await watch.stop();
    expect(report.verdict).toBe('FAIL');
    expect(report.failed).toBeGreaterThan(0);
    expect(report.failures.every((f) => f.label === '502')).toBe(true);
    expect(report.failures[0]?.context[0]).toMatch(/^i-0local:9 \(backend c\) (healthy, )?stopped/);
    expect(report.criteria.find((c) => c.id === 'no-failures')?.fix).toContain(
      'a task stopped while its target was still in service',
    );
    expect(report.criteria.find((c) => c.id === 'stopped-after-drained')?.pass).toBe(false);
    const failedSeconds = report.timeline.filter((b) => b.failures > 0).map((b) => b.failuresBy['502']);
    expect(failedSeconds.reduce((a, b) => (a ?? 0) + (b ?? 0), 0)).toBe(report.failed);
  });
});
