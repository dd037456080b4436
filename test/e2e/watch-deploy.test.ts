import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WatchReport } from '../../verify/watch-types.js';
import { StackStore } from '../../source/state/store.js';
import { ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

type Family = { family?: string; revision?: number; status?: string };

describe('deploy watched through the rollout', () => {
  it('Given a stack with two tasks, When deploy --env COLOR=blue runs, Then it PASSes with no failed request, the new revision answering, none of the old after COMPLETED, and teardown deregisters both revisions', async () => {
    // Given
    world = await startWorld(20);
    const setup = await runCli(world.args('setup', '--scale-to', '2'));
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);

    // When
    const out = await runCli(world.args('deploy', '--env', 'COLOR=blue', '--json'));

    // Then: one JSON document, its timeline per second, the change's outcome beside the report
    expect(out.code, out.stdout + out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as WatchReport & {
      change: string;
      outcome: { ok: boolean; result: { revision: string; previous: string; rollout: { state: string } } };
    };
    expect(report.change).toBe('deploy');
    expect(report.outcome.ok).toBe(true);
    expect(report.outcome.result).toMatchObject({
      revision: 'demo-hostname:2',
      previous: 'demo-hostname:1',
      rollout: { state: 'COMPLETED' },
    });
    expect(report.verdict).toBe('PASS');
    expect(report.failed).toBe(0);
    expect(report.timeline.reduce((n, b) => n + b.failures, 0)).toBe(0);
    const criteria = Object.fromEntries(report.criteria.map((c) => [c.id, c.pass]));
    expect(criteria).toMatchObject({ 'no-failures': true, 'old-revision-gone': true, 'even-after': true });
    const completed = report.events.find((e) => e.kind === 'deployment' && e.state === 'COMPLETED');
    expect(completed?.revision).toBe('demo-hostname:2');
    // Both new tasks answered; both old ones drained and stopped
    const lanes = (revision: string) => report.lanes.filter((l) => l.revision === revision);
    expect(lanes('demo-hostname:2').map((l) => l.answers > 0)).toEqual([true, true]);
    expect(lanes('demo-hostname:1').map((l) => l.state)).toEqual(['stopped', 'stopped']);

    // And: the new revision is recorded the moment it exists and becomes the stack's task definition
    const saved = new StackStore(world.stateDir, 'demo').get();
    expect(saved?.resources.filter((r) => r.kind === 'task-definition').map((r) => r.label)).toEqual([
      'demo-hostname:1',
      'demo-hostname:2',
    ]);
    expect(saved?.results['task-definition']?.revision).toBe(2);

    // And: teardown deregisters both
    const down = await runCli(world.args('teardown', '--yes'));
    expect(down.code, down.stdout + down.stderr).toBe(0);
    expect(down.stdout).toMatch(/deleted task-definition demo-hostname:2/);
    const families = world.sandbox.inventory().ecs.taskDefinitions as Family[];
    expect(families.filter((t) => t.family === 'demo-hostname' && t.status === 'ACTIVE')).toEqual([]);
  }, 180_000);
});
