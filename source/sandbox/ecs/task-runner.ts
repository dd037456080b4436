import { setMaxListeners } from 'node:events';
import type { SandboxClock } from '../contracts.js';
import type { TaskRecord } from './model.js';
import { listenDynamic } from './host-ports.js';
import { TaskServer } from './task-server.js';
import type { Timing } from './timing.js';

/** What the scheduler does around a task's life. */
export type TaskHooks = {
  /** The task just turned RUNNING: its servers listen on their host ports. */
  running(task: TaskRecord): void;
  /** The RUNNING task is about to stop: deregister its targets; resolves once drained. */
  draining(task: TaskRecord): Promise<void>;
  /** The task just turned STOPPED. */
  stopped(task: TaskRecord): void;
  /** A restored task's servers came back on new ports: replace its targets. */
  moved(task: TaskRecord): Promise<void>;
  /** AWS ms between the stop signal and the kill: the container's `stopTimeout` (ECS default 30 s). */
  stopTimeoutMs(task: TaskRecord): number;
  /** Persist the state. */
  changed(): void;
};

/**
 * The task data plane: takes a task PROVISIONING → PENDING → RUNNING on the scaled clock, runs one
 * real HTTP server per TCP port mapping, and stops it (drain, then stop the servers). Each task
 * has at most one timer pending at a time, so a hundred tasks cost a hundred timers, not polling.
 */
export class TaskRunner {
  private readonly servers = new Map<string, TaskServer[]>();
  private readonly lifecycles = new Map<string, AbortController>();
  private readonly closing = new AbortController();

  constructor(
    private readonly clock: SandboxClock,
    private readonly timing: Timing,
    private readonly hooks: TaskHooks,
  ) {
    // Every task's pending sleep listens to the sandbox closing: a hundred tasks, a hundred listeners.
    setMaxListeners(0, this.closing.signal);
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** Sleeps an AWS duration; resolves false when the sandbox closes or `signal` aborts first. */
  async sleep(awsMs: number, signal?: AbortSignal): Promise<boolean> {
    const both = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
    if (both.aborted) return false;
    try {
      await this.clock.sleep(awsMs, both);
      return !both.aborted;
    } catch {
      return false;
    }
  }

  /** Brings a PROVISIONING or PENDING task up to RUNNING (in the background). */
  launch(task: TaskRecord): void {
    void this.bringUp(task);
  }

  /** Whether the task has live servers (it answers on its host ports). */
  isServing(task: TaskRecord): boolean {
    return this.servers.has(task.arn);
  }

  private async bringUp(task: TaskRecord): Promise<void> {
    const lifecycle = new AbortController();
    this.lifecycles.set(task.arn, lifecycle);
    try {
      if (task.lastStatus === 'PROVISIONING') {
        if (!(await this.sleep(this.timing.provisioningMs, lifecycle.signal))) return;
        task.lastStatus = 'PENDING';
        task.version += 1;
        task.pullStartedAt = this.clock.now().getTime();
        this.hooks.changed();
      }
      if (task.lastStatus === 'PENDING') {
        if (!(await this.sleep(this.timing.pendingMs, lifecycle.signal))) return;
        task.pullStoppedAt = this.clock.now().getTime();
        await this.startServers(task);
        if (this.closed || task.desiredStatus === 'STOPPED') {
          await this.closeServers(task);
          return;
        }
        task.lastStatus = 'RUNNING';
        task.version += 1;
        task.startedAt = this.clock.now().getTime();
        for (const container of task.containers) container.lastStatus = 'RUNNING';
        this.hooks.changed();
        this.hooks.running(task);
      }
    } catch (cause) {
      await this.closeServers(task);
      if (this.closed || task.desiredStatus === 'STOPPED') return;
      const message = cause instanceof Error ? cause.message : String(cause);
      task.desiredStatus = 'STOPPED';
      task.stoppingAt = this.clock.now().getTime();
      this.finish(task, 'TaskFailedToStart', `CannotStartContainerError: ${message}`);
    } finally {
      if (this.lifecycles.get(task.arn) === lifecycle) this.lifecycles.delete(task.arn);
    }
  }

  /** Starts one server per TCP port mapping; a container's hostname is its runtimeId prefix. */
  private async startServers(task: TaskRecord): Promise<void> {
    const servers: TaskServer[] = [];
    this.servers.set(task.arn, servers);
    for (const container of task.containers) {
      const behaviour = {
        hostname: container.runtimeId.slice(0, 12),
        isFailing: () => task.failing,
        latencyMs: () => task.latencyMs ?? 0,
      };
      for (const binding of container.networkBindings) {
        const server = binding.dynamic
          ? await listenDynamic(behaviour, task.hostPortRange)
          : await TaskServer.listen(behaviour, binding.hostPort);
        servers.push(server);
        binding.hostPort = server.port;
      }
    }
  }

  private async closeServers(task: TaskRecord): Promise<void> {
    const servers = this.servers.get(task.arn) ?? [];
    this.servers.delete(task.arn);
    await Promise.all(servers.map((s) => s.close()));
  }

  /**
   * Stops a task as ECS does: desiredStatus STOPPED at once; a RUNNING task first drains (its
   * targets deregister and wait out the delay, the task still RUNNING), then gets the stop signal
   * and is killed if it has not exited within its stop timeout. `routedForMs` (a fault) kills it at
   * once instead and deregisters its targets only that many AWS ms later.
   */
  stop(
    task: TaskRecord,
    stopCode: NonNullable<TaskRecord['stopCode']>,
    reason: string,
    options?: { routedForMs?: number },
  ): void {
    if (task.desiredStatus === 'STOPPED') return;
    task.desiredStatus = 'STOPPED';
    task.version += 1;
    task.stoppingAt = this.clock.now().getTime();
    task.stopCode = stopCode;
    task.stoppedReason = reason;
    this.hooks.changed();
    if (task.lastStatus === 'RUNNING') {
      void (options?.routedForMs === undefined ? this.bringDown(task) : this.killUndrained(task, options.routedForMs));
      return;
    }
    this.lifecycles.get(task.arn)?.abort();
    if (task.lastStatus !== 'STOPPED') this.finish(task);
  }

  private async bringDown(task: TaskRecord): Promise<void> {
    await this.drain(task);
    if (this.closed) return;
    const servers = this.servers.get(task.arn) ?? [];
    const killAfter = this.clock.real(this.hooks.stopTimeoutMs(task));
    const exits = await Promise.all(servers.map((s) => s.terminate(killAfter, task.closeOnStop === true)));
    this.servers.delete(task.arn);
    if (!(await this.sleep(this.timing.stoppingMs))) return;
    this.finish(task, undefined, undefined, exits.includes('killed') ? 137 : 143);
  }

  /** Kills the task without draining; its targets are deregistered only `routedForMs` later. */
  private async killUndrained(task: TaskRecord, routedForMs: number): Promise<void> {
    await this.closeServers(task);
    void this.sleep(routedForMs).then((slept) => (slept ? this.drain(task) : undefined));
    if (!(await this.sleep(this.timing.stoppingMs))) return;
    this.finish(task, undefined, undefined, 137);
  }

  private async drain(task: TaskRecord): Promise<void> {
    try {
      await this.hooks.draining(task);
    } catch {
      // a target group deleted meanwhile has nothing left to drain
    }
  }

  /** The task's servers die at once (a crashed container): connections reset, its port refuses. */
  async crash(task: TaskRecord): Promise<boolean> {
    if (task.lastStatus !== 'RUNNING' || !this.servers.has(task.arn)) return false;
    task.crashed = true;
    this.hooks.changed();
    await this.closeServers(task);
    return true;
  }

  private finish(task: TaskRecord, stopCode?: TaskRecord['stopCode'], reason?: string, exitCode = 143): void {
    const now = this.clock.now().getTime();
    task.lastStatus = 'STOPPED';
    task.version += 1;
    task.stoppedAt = now;
    if (stopCode) task.stopCode = stopCode;
    if (reason) task.stoppedReason = reason;
    for (const container of task.containers) {
      if (container.lastStatus === 'RUNNING') container.exitCode = task.crashed ? 139 : exitCode;
      container.lastStatus = 'STOPPED';
    }
    this.hooks.changed();
    this.hooks.stopped(task);
  }

  /**
   * Brings a restored task back after a sandbox restart: RUNNING ones restart their servers on new
   * ports with the same container ids (the old targets are replaced), draining ones stop, and
   * PROVISIONING / PENDING ones continue.
   */
  async revive(task: TaskRecord): Promise<void> {
    if (task.lastStatus === 'STOPPED') return;
    if (task.lastStatus !== 'RUNNING') {
      if (task.desiredStatus === 'STOPPED') this.finish(task);
      else this.launch(task);
      return;
    }
    let failure: string | undefined;
    if (task.crashed && task.desiredStatus === 'RUNNING') {
      task.desiredStatus = 'STOPPED';
      failure = 'Essential container in task exited';
    } else if (task.desiredStatus === 'RUNNING') {
      try {
        await this.startServers(task);
      } catch (cause) {
        await this.closeServers(task);
        task.desiredStatus = 'STOPPED';
        failure = `CannotStartContainerError: ${cause instanceof Error ? cause.message : String(cause)}`;
      }
    }
    await this.hooks.moved(task);
    this.hooks.changed();
    const failedToStart = failure !== undefined && task.crashed !== true;
    if (task.desiredStatus === 'STOPPED') this.finish(task, failedToStart ? 'TaskFailedToStart' : undefined, failure);
  }

  /** Stops every server and timer; the state stays as it is, so a restart can restore it. */
  async close(): Promise<void> {
    this.closing.abort(new Error('sandbox closed'));
    for (const lifecycle of this.lifecycles.values()) lifecycle.abort();
    const servers = [...this.servers.values()].flat();
    this.servers.clear();
    await Promise.all(servers.map((s) => s.close()));
  }
}
