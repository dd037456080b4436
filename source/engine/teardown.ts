import { friendlyError } from '../aws/errors.js';
import { STACK_TAG_KEY } from '../aws/tags.js';
import { steps as allSteps } from '../steps/index.js';
import type { StackRecord } from '../state/schema.js';
import type { Step } from '../steps/types.js';
import type { StepId } from '../model/steps.js';
import { stepDeps, type EngineDeps } from './deps.js';
import { discoverOwned, type Discovery, type LeftAlone } from './discover-owned.js';
import { openRecord } from './open-record.js';
import type { FriendlyError } from '../model/errors.js';
import type { RecordedResource } from '../model/resources.js';

/** How teardown looks up what the stack owns beyond its record (tests swap it). */
export type Discover = (stack: string, record: StackRecord | undefined, deps: EngineDeps) => Promise<Discovery>;

export type TeardownOptions = {
  stack: string;
  steps?: readonly Step<unknown>[];
  /** The plan the user confirmed (`planTeardown`); made afresh when absent. */
  plan?: TeardownPlan;
  discover?: Discover;
};

/** What teardown will do: the record with what discovery found merged in, and what it leaves. */
export type TeardownPlan = {
  /** The saved record (or a fresh one) with the found resources added, not saved yet. */
  record: StackRecord;
  /** Whether the stack had a saved record. */
  saved: boolean;
  /** What teardown deletes, in order (DESIGN §7). */
  order: RecordedResource[];
} & Discovery;

type Found = { found: RecordedResource[]; leftAlone: LeftAlone[]; notSearched: string[] };

export type TeardownOutcome = Found &
  (
    | { ok: true; removed: RecordedResource[]; kept: RecordedResource[]; nothingToDo: boolean }
    | { ok: false; resource?: RecordedResource; error: FriendlyError }
  );

/** Passes of delete-then-look-again before teardown gives up on what keeps reappearing. */
const MAX_PASSES = 3;

/**
 * Within one step: a rule before the listener or group it lives on; and the capacity of a cluster
 * the stack created in the order AWS lets it go, whatever order record and discovery left it in:
 * the capacity provider off the cluster and deleted, the Auto Scaling group (its instances
 * terminated), the cluster, the launch template, the instance profile, the role, the instances'
 * security group.
 */
const kindRank: Partial<Record<RecordedResource['kind'], number>> = {
  'listener-rule': -1,
  'ingress-rule': -1,
  'capacity-provider': 1,
  'auto-scaling-group': 2,
  'ecs-cluster': 3,
  'launch-template': 4,
  'instance-profile': 5,
  'iam-role': 6,
  'security-group': 7,
};

/** What teardown would delete, in the order it deletes (DESIGN §7). */
export function teardownOrder(record: StackRecord, steps: readonly Step<unknown>[] = allSteps): RecordedResource[] {
  return [...steps].reverse().flatMap((step) =>
    record.resources
      .filter((r) => r.step === step.id)
      .reverse()
      .sort((a, b) => (kindRank[a.kind] ?? 0) - (kindRank[b.kind] ?? 0)),
  );
}

/**
 * After teardown removed one of a step's resources the step is no longer done: a rerun of setup
 * runs it again (its execute finds what is left and makes what is missing, e.g. the rule of a
 * listener that still exists). Every later step that holds nothing of its own (scale-out only
 * changed the service) is forgotten with it, and the verdicts of these steps no longer stand.
 */
function forgetRemovedStep(record: StackRecord, step: StepId, steps: readonly Step<unknown>[]): void {
  const owns = (id: StepId) => record.resources.some((r) => r.step === id);
  const from = steps.findIndex((s) => s.id === step);
  const later =
    from < 0
      ? []
      : steps
          .slice(from + 1)
          .map((s) => s.id)
          .filter((id) => !owns(id));
  for (const id of [step, ...later]) {
    delete record.steps[id];
    if (!owns(id)) delete (record.results as Record<string, unknown>)[id];
    if (record.verifications) delete (record.verifications as Record<string, unknown>)[id];
  }
}

/**
 * Looks up what the stack owns (its record, and by name and tag what a crash kept out of it) and
 * returns what teardown would delete. Refuses (UsageError) a record made in another region or
 * against another endpoint, where nothing of it could be found.
 */
export async function planTeardown(
  options: Pick<TeardownOptions, 'stack' | 'steps' | 'discover'>,
  deps: EngineDeps,
): Promise<TeardownPlan> {
  const saved = deps.store.get();
  const record = openRecord(options.stack, deps);
  let discovery: Discovery;
  try {
    discovery = await (options.discover ?? discoverOwned)(options.stack, saved ? record : undefined, deps);
  } catch (cause) {
    throw new Error(`look for what stack '${options.stack}' owns by its names and its tag`, { cause });
  }
  const merged = { ...record, resources: [...record.resources, ...discovery.found] };
  return { record: merged, saved: saved !== undefined, order: teardownOrder(merged, options.steps), ...discovery };
}

function leftAloneEvent(item: LeftAlone) {
  return { type: 'log', step: item.step, message: `left alone ${item.kind} ${item.label}: ${item.reason}` } as const;
}

/**
 * Deletes what this stack owns, in reverse order of creation: service (scaled to 0, deleted,
 * waited INACTIVE), task definitions, listener rule and listener, load balancer (waited deleted),
 * target group, the ingress rule on the instances' group, the ALB group. What it owns is its
 * record plus what discovery finds by name and tag (saved to the record at once, so an
 * interrupted teardown keeps it). Each resource is deleted only when it still carries the stack
 * tag; NotFound counts as done; progress is saved after each one. Then it looks again, and the
 * stack's saved state is removed only when nothing of it is left; a second teardown is a no-op.
 * For a cluster the stack created (`--create-cluster`) its capacity goes last, in `kindRank`'s
 * order. Never touches a cluster, instances or security group it did not create (only the rule we
 * added), nor anything of the stack's names without its tag, and keeps the account-wide
 * service-linked role.
 */
export async function runTeardown(options: TeardownOptions, deps: EngineDeps): Promise<TeardownOutcome> {
  const steps = options.steps ?? allSteps;
  const discover = options.discover ?? discoverOwned;
  const plan = options.plan ?? (await planTeardown(options, deps));
  const seen: Found = { found: [...plan.found], leftAlone: [...plan.leftAlone], notSearched: plan.notSearched };
  if (!plan.saved && plan.found.length === 0) return { ok: true, removed: [], kept: [], nothingToDo: true, ...seen };
  const record = plan.record;
  if (plan.found.length > 0) deps.store.set(record, new Date(deps.now()));
  const removed: RecordedResource[] = [];
  const kept: RecordedResource[] = [];
  const byId = new Map(steps.map((s) => [s.id, s]));
  for (let pass = 1; ; pass++) {
    const order = teardownOrder(record, steps);
    if (order.length === 0) break;
    if (pass > MAX_PASSES) {
      const error: FriendlyError = {
        message: `${order.map((r) => `${r.kind} ${r.label}`).join(', ')} of stack '${options.stack}' still exist after ${MAX_PASSES} passes`,
        hint: 'Something recreates them (another ecs-alb-wizard run on this stack?); run teardown again once it stopped',
        progressSaved: true,
      };
      return { ok: false, resource: order[0]!, error, ...seen };
    }
    for (const resource of order) {
      const step = byId.get(resource.step);
      deps.emit({ type: 'teardown-start', resource });
      let outcome;
      try {
        outcome = step?.teardown ? await step.teardown(resource, stepDeps(deps, record)) : 'kept';
      } catch (error) {
        const friendly = friendlyError(error);
        deps.emit({ type: 'teardown-failed', resource, error: friendly });
        deps.store.set(record, new Date(deps.now()));
        return { ok: false, resource, error: friendly, ...seen };
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
      forgetRemovedStep(record, resource.step, steps);
      deps.store.set(record, new Date(deps.now()));
      deps.crashHook?.('after-teardown', resource);
    }
    // Look again: the state goes only when nothing of the stack is left.
    let again: Discovery;
    try {
      again = await discover(options.stack, record, deps);
    } catch (cause) {
      const error = friendlyError(new Error(`look again for what is left of stack '${options.stack}'`, { cause }));
      return { ok: false, error: { ...error, progressSaved: true }, ...seen };
    }
    for (const item of again.leftAlone.filter((l) => !seen.leftAlone.some((s) => s.kind === l.kind && s.id === l.id))) {
      seen.leftAlone.push(item);
      deps.emit(leftAloneEvent(item));
    }
    for (const resource of again.found) {
      deps.emit({
        type: 'log',
        step: resource.step,
        message: `found ${resource.kind} ${resource.label} by its tag ${STACK_TAG_KEY}=${options.stack}: deleting it too`,
      });
    }
    seen.found.push(...again.found);
    record.resources.push(...again.found);
    if (again.found.length > 0) deps.store.set(record, new Date(deps.now()));
  }
  deps.store.delete();
  return { ok: true, removed, kept, nothingToDo: removed.length === 0 && kept.length === 0, ...seen };
}
