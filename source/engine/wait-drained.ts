import { shownWait } from '../steps/shown-wait.js';
import type { StepDeps } from '../steps/types.js';
import type { StepId } from '../model/steps.js';
import type { TargetRow } from '../model/resources.js';
import type { Look } from './watch-look.js';
import type { Observer } from './watch-observer.js';

/** What is still on its way out in one look: draining targets, and tasks told to stop that have not. */
export function leaving(look: Look): { draining: number; stopping: number; targets: TargetRow[] } {
  const targets: TargetRow[] = look.targets.map((t) => ({
    instanceId: t.Target?.Id ?? '?',
    port: t.Target?.Port ?? 0,
    state: (t.TargetHealth?.State ?? 'unavailable') as TargetRow['state'],
  }));
  return {
    draining: targets.filter((t) => t.state === 'draining').length,
    stopping: look.tasks.filter((t) => t.desiredStatus === 'STOPPED' && t.lastStatus !== 'STOPPED').length,
    targets,
  };
}

/**
 * Waits (bounded, shown) until no target of the group is draining and every task ECS was told to
 * stop has stopped, reading the observer's latest look: a change is over only when the old set is
 * gone, and the watch must see that happen to judge "no answer after draining".
 */
export function waitDrained(deps: StepDeps, observer: Observer, step: StepId): Promise<ReturnType<typeof leaving>> {
  return shownWait(deps, {
    step,
    id: `${step}-drained`,
    what: 'old targets to drain and their tasks to stop',
    usually: "the target group's deregistration delay, then the container's stop",
    check() {
      const now = leaving(observer.latest());
      return Promise.resolve({
        done: now.draining === 0 && now.stopping === 0,
        value: now,
        progress: `draining ${now.draining}, stopping ${now.stopping}`,
      });
    },
    targets: (value) => value.targets,
    explainTimeout: (last) =>
      last && last.draining > 0
        ? "targets are still draining: the target group's deregistration delay (deregistration_delay.timeout_seconds) may be longer than the wait"
        : 'tasks told to stop are still running: the container ignores its stop signal until ECS kills it after its stopTimeout',
  });
}
