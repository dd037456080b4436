import { pollUntil, type PollOptions } from '../aws/wait.js';
import type { InstanceRow, TargetRow } from '../model/resources.js';
import type { StepDeps } from './types.js';
import type { StepId } from '../model/steps.js';

export type ShownWait<T> = Omit<PollOptions<T>, 'policy' | 'now' | 'sleep' | 'signal' | 'onProgress'> & {
  step: StepId;
  /** Stable id of the wait, so a UI replaces its line on each update. */
  id: string;
  usually?: string;
  /** Targets table to show with each update, when the wait is about targets. */
  targets?(value: T): TargetRow[] | undefined;
  /** Instances table to show with each update, when the wait is about EC2 instances registering. */
  instances?(value: T): InstanceRow[] | undefined;
};

/**
 * A bounded poll that reports itself: a `wait` event on every look (with progress and the
 * targets table) and a `wait-end` when it finishes either way.
 */
export async function shownWait<T>(deps: StepDeps, options: ShownWait<T>): Promise<T> {
  const startedAt = deps.now();
  const base = {
    type: 'wait',
    step: options.step,
    id: options.id,
    what: options.what,
    startedAt,
    ...(options.usually ? { usually: options.usually } : {}),
  } as const;
  deps.emit({ ...base });
  let ok = false;
  try {
    const value = await pollUntil<T>({
      ...options,
      policy: deps.waits,
      now: deps.now,
      sleep: deps.sleep,
      signal: deps.signal,
      onProgress(value, progress) {
        const targets = options.targets?.(value);
        const instances = options.instances?.(value);
        deps.emit({
          ...base,
          ...(progress ? { progress } : {}),
          ...(targets ? { targets } : {}),
          ...(instances ? { instances } : {}),
        });
      },
    });
    ok = true;
    return value;
  } finally {
    deps.emit({ type: 'wait-end', step: options.step, id: options.id, ok, elapsedMs: deps.now() - startedAt });
  }
}
