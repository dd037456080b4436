import type { Deployment, Task } from '@aws-sdk/client-ecs';
import type { WatchBackend, WatchEvent } from '../../verify/watch-types.js';
import { joinExpectedBackends } from './expected-backends.js';
import type { Look } from './watch-look.js';

/** What the observer remembers of one task between looks. */
type TaskMemory = {
  backend?: string;
  target?: string;
  revision?: string;
  started: boolean;
  stopping: boolean;
  stopped: boolean;
};

/** Who a target belongs to, kept after its task is gone so `target-drained` still names it. */
type Owner = { backend?: string; taskId?: string; revision?: string };

/** Everything seen so far: each look is compared with it and only changes become events. */
export type Memory = {
  tasks: Map<string, TaskMemory>;
  targets: Map<string, string>;
  owners: Map<string, Owner>;
  deployments: Map<string, string>;
  tripped: Set<string>;
  events: Set<string>;
};

export const emptyMemory = (): Memory => ({
  tasks: new Map(),
  targets: new Map(),
  owners: new Map(),
  deployments: new Map(),
  tripped: new Set(),
  events: new Set(),
});

/** `arn:...:task-definition/demo-hostname:3` → `demo-hostname:3`. */
export const revisionOf = (arn: string | undefined): string | undefined => arn?.split('/').pop();

const taskIdOf = (task: Task): string => task.taskArn?.split('/').pop() ?? '';

/** Only the set keys of an object, so events carry no `undefined` fields. */
function compact(event: WatchEvent): WatchEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as WatchEvent;
}

const TARGET_KIND: Record<string, WatchEvent['kind']> = {
  initial: 'target-registered',
  healthy: 'target-healthy',
  unhealthy: 'target-unhealthy',
  unused: 'target-unhealthy',
  unavailable: 'target-unhealthy',
  draining: 'target-draining',
};

/**
 * The backends that should answer now, from one look: tasks RUNNING (and meant to keep running)
 * whose target is healthy, with the revision each runs. The join is `joinExpectedBackends`'s.
 */
export function answeringBackends(look: Look, containerPort?: number): WatchBackend[] {
  const byTask = new Map(look.tasks.map((t) => [taskIdOf(t), t]));
  return joinExpectedBackends(look.tasks, look.instances, look.targets, { containerPort })
    .filter((b) => b.targetHealth === 'healthy' && byTask.get(b.taskId ?? '')?.desiredStatus !== 'STOPPED')
    .map((b) => {
      const revision = revisionOf(byTask.get(b.taskId ?? '')?.taskDefinitionArn);
      const { hint: _hint, ...rest } = b;
      return revision ? { ...rest, revision } : rest;
    });
}

/**
 * Compares one look with what was seen before and returns the changes as `WatchEvent`s at `at`,
 * in the order they happen on the platform (started, target states, drained, stopping, stopped,
 * deployments, circuit breaker, service events). The first look (`baseline`) is what stands when
 * the watch starts: a task whose target is healthy, a finished deployment and old service events
 * are remembered without an event; anything else (a target still initial or draining, a rollout
 * in progress) is reported.
 */
export function diffLook(
  memory: Memory,
  look: Look,
  at: number,
  baseline: boolean,
  containerPort?: number,
): WatchEvent[] {
  const out: WatchEvent[] = [];
  const later: WatchEvent[] = [];
  const joined = new Map(
    joinExpectedBackends(look.tasks, look.instances, look.targets, { containerPort }).map((b) => [b.taskId, b]),
  );
  const healthOf = new Map(look.targets.map((t) => [`${t.Target?.Id}:${t.Target?.Port}`, t.TargetHealth?.State]));
  const settled = new Set<string>();
  for (const task of look.tasks) {
    const taskId = taskIdOf(task);
    const seen = memory.tasks.get(taskId) ?? { started: false, stopping: false, stopped: false };
    memory.tasks.set(taskId, seen);
    seen.revision = revisionOf(task.taskDefinitionArn);
    const backend = joined.get(taskId);
    if (backend) {
      seen.backend = backend.id;
      if (backend.instanceId && backend.hostPort !== undefined)
        seen.target = `${backend.instanceId}:${backend.hostPort}`;
    }
    if (seen.target) memory.owners.set(seen.target, { backend: seen.backend, taskId, revision: seen.revision });
    const quiet =
      baseline &&
      task.desiredStatus !== 'STOPPED' &&
      seen.target !== undefined &&
      healthOf.get(seen.target) === 'healthy';
    if (quiet && seen.target) settled.add(seen.target);
    const about = { backend: seen.backend, target: seen.target, taskId, revision: seen.revision };
    if (task.lastStatus === 'RUNNING' && !seen.started) {
      seen.started = true;
      if (!quiet) out.push(compact({ at, kind: 'task-started', ...about }));
    }
    if (task.desiredStatus === 'STOPPED' && !seen.stopping) {
      seen.stopping = true;
      later.push(compact({ at, kind: 'task-stopping', ...about, detail: task.stoppedReason }));
    }
    if (task.lastStatus === 'STOPPED' && !seen.stopped) {
      seen.stopped = seen.stopping = true;
      const exit = task.containers?.find((c) => c.exitCode !== undefined || c.reason);
      const why = [
        task.stoppedReason,
        exit?.reason,
        exit?.exitCode !== undefined ? `exit code ${exit.exitCode}` : undefined,
      ]
        .filter(Boolean)
        .join('; ');
      later.push(compact({ at, kind: 'task-stopped', ...about, detail: why || undefined }));
    }
  }
  const present = new Set<string>();
  for (const description of look.targets) {
    const target = `${description.Target?.Id}:${description.Target?.Port}`;
    present.add(target);
    const state = description.TargetHealth?.State ?? 'unavailable';
    if (memory.targets.get(target) === state) continue;
    memory.targets.set(target, state);
    if (settled.has(target)) continue;
    const owner = memory.owners.get(target) ?? {};
    const health = description.TargetHealth;
    const detail = [
      state === 'unused' || state === 'unavailable' ? state : undefined,
      health?.Reason,
      health?.Description,
    ]
      .filter(Boolean)
      .join(': ');
    out.push(
      compact({ at, kind: TARGET_KIND[state] ?? 'target-unhealthy', target, ...owner, detail: detail || undefined }),
    );
  }
  for (const target of [...memory.targets.keys()]) {
    if (present.has(target)) continue;
    memory.targets.delete(target);
    out.push(compact({ at, kind: 'target-drained', target, ...memory.owners.get(target) }));
  }
  return [
    ...out,
    ...later,
    ...deploymentEvents(memory, look, at, baseline),
    ...serviceEvents(memory, look, at, baseline),
  ];
}

function deploymentEvents(memory: Memory, look: Look, at: number, baseline: boolean): WatchEvent[] {
  const out: WatchEvent[] = [];
  const deployments: Deployment[] = look.service?.deployments ?? [];
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const rollback = look.service?.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true;
  for (const d of deployments) {
    const id = d.id ?? '';
    // Only a rolling (ECS) deployment reports a rollout state; without one there is nothing to tell.
    const state = d.rolloutState;
    if (!state) continue;
    if (memory.deployments.get(id) === state) continue;
    memory.deployments.set(id, state);
    const revision = revisionOf(d.taskDefinition);
    if (!(baseline && state === 'COMPLETED'))
      out.push(compact({ at, kind: 'deployment', state, revision, detail: d.rolloutStateReason }));
    if (state !== 'FAILED' || memory.tripped.has(id) || !/circuit breaker/i.test(d.rolloutStateReason ?? '')) continue;
    memory.tripped.add(id);
    const back = primary && primary.id !== id ? revisionOf(primary.taskDefinition) : undefined;
    const rolled = rollback || back !== undefined;
    out.push(
      compact({
        at,
        kind: 'circuit-breaker',
        state: rolled ? 'ROLLED_BACK' : 'FAILED',
        revision,
        detail: `${d.rolloutStateReason}${rolled && back ? `; rolled back to ${back}` : ''}`,
      }),
    );
  }
  return out;
}

function serviceEvents(memory: Memory, look: Look, at: number, baseline: boolean): WatchEvent[] {
  const fresh = (look.service?.events ?? []).filter((e) => e.id && !memory.events.has(e.id));
  for (const e of fresh) memory.events.add(e.id ?? '');
  if (baseline) return [];
  // ECS lists the newest first.
  return fresh.reverse().map((e) => compact({ at, kind: 'message', detail: e.message }));
}
