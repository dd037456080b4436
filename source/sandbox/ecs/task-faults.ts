import type { TaskFault } from '../contracts.js';
import type { TaskFaultState, TaskRecord } from './model.js';
import type { TaskRunner } from './task-runner.js';
import type { EcsWorld } from './ecs-world.js';

/** AWS ms a task killed without draining stays routed by default: the load balancer hears of it late. */
const defaultRoutedForMs = 5_000;

/** Consumes one armed `stop-without-draining`: how long (AWS ms) the killed task's targets stay routed. */
export function takeStopWithoutDraining(world: EcsWorld): number | undefined {
  const fault = world.state.faults?.stopWithoutDraining;
  if (!fault || fault.count <= 0) return undefined;
  fault.count -= 1;
  world.changed();
  return Math.max(1, fault.routedForMs);
}

/** A task ARN, task id, or container id prefix names the task. */
export function matchesTask(task: TaskRecord, ref: string): boolean {
  return (
    task.arn === ref || task.id === ref || (ref.length > 0 && task.containers.some((c) => c.runtimeId.startsWith(ref)))
  );
}

/** The world's armed task faults, created on first use. */
export function faultState(world: EcsWorld): TaskFaultState {
  world.state.faults ??= { unhealthyRevisions: [], stopWithoutDraining: { count: 0, routedForMs: defaultRoutedForMs } };
  return world.state.faults;
}

/** `family:revision` of the task's definition. */
export function revisionOf(world: EcsWorld, task: Pick<TaskRecord, 'taskDefinitionArn'>): string {
  const definition = world.state.taskDefinitions.find((d) => d.arn === task.taskDefinitionArn);
  return definition ? `${definition.family}:${definition.revision}` : task.taskDefinitionArn;
}

/** What armed faults do to a task as it is created: an unhealthy revision fails, close-on-stop applies. */
export function applyArmedFaults(world: EcsWorld, task: TaskRecord): void {
  const faults = world.state.faults;
  if (!faults) return;
  if (faults.unhealthyRevisions.includes(revisionOf(world, task))) task.failing = true;
  if (faults.closeOnStop) task.closeOnStop = true;
  if (faults.latencyMs) task.latencyMs = faults.latencyMs;
}

/** Disarms every armed task fault; tasks of a revision made unhealthy heal, latency and close-on-stop end. */
export function clearTaskFaults(world: EcsWorld): void {
  const faults = world.state.faults;
  if (!faults) return;
  for (const task of world.state.tasks) {
    if (task.lastStatus === 'STOPPED') continue;
    if (faults.unhealthyRevisions.includes(revisionOf(world, task))) task.failing = false;
    delete task.latencyMs;
    delete task.closeOnStop;
  }
  delete world.state.faults;
  world.changed();
}

/** The live tasks `ref` names, or all of them when it is omitted. */
function targeted(live: TaskRecord[], ref: string | undefined): TaskRecord[] {
  return ref === undefined ? live : live.filter((t) => matchesTask(t, ref));
}

/** Injects one task fault (see `TaskFault`); returns why it cannot, or undefined once applied. */
export function applyTaskFault(world: EcsWorld, runner: TaskRunner, fault: TaskFault): string | undefined {
  const live = world.state.tasks.filter((t) => t.lastStatus !== 'STOPPED');
  switch (fault.kind) {
    case 'task-crash': {
      const task = live.find((t) => matchesTask(t, fault.task));
      if (!task || task.lastStatus !== 'RUNNING' || !runner.isServing(task))
        return `no RUNNING task matches '${fault.task}'`;
      void runner.crash(task);
      return undefined;
    }
    case 'stop-without-draining': {
      const count = fault.count ?? 1;
      const routedForMs = fault.routedForMs ?? defaultRoutedForMs;
      if (!Number.isInteger(count) || count < 1) return 'stop-without-draining needs count >= 1';
      if (!(routedForMs >= 0)) return 'stop-without-draining needs routedForMs >= 0';
      faultState(world).stopWithoutDraining = { count, routedForMs };
      break;
    }
    case 'close-on-stop': {
      const tasks = targeted(live, fault.task);
      if (tasks.length === 0 && fault.task !== undefined) return `no task matches '${fault.task}'`;
      if (fault.task === undefined) faultState(world).closeOnStop = true;
      for (const task of tasks) task.closeOnStop = true;
      break;
    }
    case 'task-latency': {
      if (!(fault.ms >= 0)) return 'task-latency needs ms >= 0';
      const tasks = targeted(live, fault.task);
      if (tasks.length === 0 && fault.task !== undefined) return `no task matches '${fault.task}'`;
      if (fault.task === undefined) faultState(world).latencyMs = fault.ms;
      for (const task of tasks) task.latencyMs = fault.ms;
      break;
    }
    case 'revision-unhealthy': {
      const ref = fault.taskDefinition;
      const [family, revision] = ref.split(':');
      if (!family || !revision || !world.state.taskDefinitions.some((d) => `${d.family}:${d.revision}` === ref))
        return `no task definition '${ref}' (give family:revision)`;
      const failing = fault.failing ?? true;
      const state = faultState(world);
      state.unhealthyRevisions = state.unhealthyRevisions.filter((r) => r !== ref);
      if (failing) state.unhealthyRevisions.push(ref);
      for (const task of live) if (revisionOf(world, task) === ref) task.failing = failing;
      break;
    }
    default:
      return `unknown task fault kind '${String((fault as { kind: unknown }).kind)}'`;
  }
  world.changed();
  return undefined;
}
