import { describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../../source/sandbox/ecs/model.js';
import { planRollout } from '../../../source/sandbox/ecs/rollout.js';

function task(id: string, healthy: boolean, createdAt = 0): TaskRecord {
  return { id, createdAt, lastStatus: healthy ? 'RUNNING' : 'PENDING' } as TaskRecord;
}
const healthy = (t: TaskRecord): boolean => t.lastStatus === 'RUNNING';

describe('the rolling update plan', () => {
  it('Given 100 / 200 and 2 old healthy tasks, When a deployment starts, Then 2 new start and no old one stops yet', () => {
    const old = [task('o1', true), task('o2', true)];
    const plan = planRollout({
      desiredCount: 2,
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      primary: [],
      old,
      notStopped: 2,
      isHealthy: healthy,
      primaryFailed: false,
    });
    expect(plan).toEqual({ start: 2, retire: [] });
  });

  it('Given 100 / 200, When one new task is healthy, Then exactly one old task may stop (oldest first)', () => {
    const old = [task('o2', true, 2), task('o1', true, 1)];
    const plan = planRollout({
      desiredCount: 2,
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      primary: [task('n1', true), task('n2', false)],
      old,
      notStopped: 4,
      isHealthy: healthy,
      primaryFailed: false,
    });
    expect(plan.start).toBe(0);
    expect(plan.retire.map((t) => t.id)).toEqual(['o1']);
  });

  it('Given 50 / 100, When a deployment starts, Then no new task fits until an old one stops, and one old may stop', () => {
    const plan = planRollout({
      desiredCount: 2,
      maximumPercent: 100,
      minimumHealthyPercent: 50,
      primary: [],
      old: [task('o1', true), task('o2', true)],
      notStopped: 2,
      isHealthy: healthy,
      primaryFailed: false,
    });
    expect(plan.start).toBe(0);
    expect(plan.retire.map((t) => t.id)).toEqual(['o1']);
  });

  it('Given old tasks that are not healthy, Then they may stop at once; a FAILED deployment starts nothing', () => {
    const plan = planRollout({
      desiredCount: 2,
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      primary: [],
      old: [task('o1', false)],
      notStopped: 1,
      isHealthy: healthy,
      primaryFailed: true,
    });
    expect(plan).toEqual({ start: 0, retire: [expect.objectContaining({ id: 'o1' })] });
  });
});
