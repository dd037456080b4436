import { friendlyError } from '../aws/errors.js';
import { STACK_TAG_KEY } from '../aws/tags.js';
import { steps as allSteps } from '../steps/index.js';
import type { StackRecord } from '../state/schema.js';
import type { Step } from '../steps/types.js';
import type { StepId } from '../model/steps.js';
import { stepDeps, type EngineDeps } from './deps.js';
import type { FriendlyError } from '../model/errors.js';
import type { RecordedResource } from '../model/resources.js';

export type TeardownOptions = { stack: string; steps?: readonly Step<unknown>[] };

export type TeardownOutcome =
  | { ok: true; removed: RecordedResource[]; kept: RecordedResource[]; nothingToDo: boolean }
  | { ok: false; resource: RecordedResource; error: FriendlyError };

/** What teardown would delete, in the order it deletes (DESIGN §7). */
export function teardownOrder(record: StackRecord, steps: readonly Step<unknown>[] = allSteps): RecordedResource[] {
  return [...steps].reverse().flatMap((step) => record.resources.filter((r) => r.step === step.id).reverse());
}

function forgetStepIfEmpty(record: StackRecord, step: StepId): void {
  if (record.resources.some((r) => r.step === step)) return;
  delete record.steps[step];
  delete (record.results as Record<string, unknown>)[step];
}

/**
 * Deletes what this stack recorded, in reverse order of creation: service (scaled to 0, deleted,
 * waited INACTIVE), task definition, listener rule and listener, load balancer (waited deleted),
 * target group, the ingress rule on the instances' group, the ALB group. Each resource is deleted
 * only when it still carries the stack tag; NotFound counts as done; progress is saved after each
 * one so an interrupted teardown resumes. At the end the stack's saved state is removed; a second
 * teardown is a no-op. Never touches the cluster, the instances or their security group (only the
 * rule we added), and keeps the account-wide ECS service-linked role.
 */
export async function runTeardown(options: TeardownOptions, deps: EngineDeps): Promise<TeardownOutcome> {
  const steps = options.steps ?? allSteps;
  const record = deps.store.get();
  if (!record) return { ok: true, removed: [], kept: [], nothingToDo: true };
  const removed: RecordedResource[] = [];
  const kept: RecordedResource[] = [];
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (const resource of teardownOrder(record, steps)) {
    const step = byId.get(resource.step);
    deps.emit({ type: 'teardown-start', resource });
    let outcome;
    try {
      outcome = step?.teardown ? await step.teardown(resource, stepDeps(deps, record)) : 'kept';
    } catch (error) {
      const friendly = friendlyError(error);
      deps.emit({ type: 'teardown-failed', resource, error: friendly });
      deps.store.set(record, new Date(deps.now()));
      return { ok: false, resource, error: friendly };
    }
    if (outcome === 'not-ours') {
      deps.emit({
        type: 'teardown-failed',
        resource,
        error: {
          message: `${resource.label} no longer carries the tag ${STACK_TAG_KEY}=${options.stack}; left in place`,
          hint: 'Delete it yourself if it is no longer needed',
          progressSaved: true,
        },
      });
      kept.push(resource);
    } else if (outcome === 'kept') {
      kept.push(resource);
    } else {
      deps.emit({ type: 'teardown-done', resource, outcome });
      removed.push(resource);
    }
    record.resources = record.resources.filter((r) => !(r.id === resource.id && r.kind === resource.kind));
    forgetStepIfEmpty(record, resource.step);
    deps.store.set(record, new Date(deps.now()));
    deps.crashHook?.('after-teardown', resource);
  }
  deps.store.delete();
  return { ok: true, removed, kept, nothingToDo: removed.length === 0 && kept.length === 0 };
}
