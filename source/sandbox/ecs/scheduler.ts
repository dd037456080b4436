import type { ElbTargets } from '../contracts.js';
import { countFailedTask } from './circuit-breaker.js';
import { HealthReplacement } from './health-replacement.js';
import { EventBatch } from './event-batch.js';
import type { DeploymentRecord, ServiceRecord, TaskRecord } from './model.js';
import { pickTasksToStop } from './pick-tasks-to-stop.js';
import { placeTask, placementCandidates, unplacedMessage } from './placement.js';
import { planRollout } from './rollout.js';
import { serviceStrategies } from './placement-strategy.js';
import { ServiceTargets } from './service-targets.js';
import { newTask, propagatedTags } from './task-factory.js';
import { checkSteady } from './steady-state.js';
import { stopTimeoutMs } from './stop-timeout.js';
import { applyArmedFaults, takeStopWithoutDraining } from './task-faults.js';
import { TaskHealth } from './task-health.js';
import { TaskRunner, type TaskHooks } from './task-runner.js';
import type { Timing } from './timing.js';
import type { EcsWorld } from './ecs-world.js';

/** ECS keeps at most this many STOPPED tasks visible; older ones are forgotten first. */
const keptStoppedTasks = 500;

/**
 * The ECS service scheduler: keeps each service at its desired count (placing, starting and
 * stopping tasks), rolls deployments (new tasks first, then the old ones stop), registers and
 * drains targets, writes the events ECS writes, and turns DRAINING services INACTIVE.
 * `reconcile` is synchronous and idempotent; every task state change calls it again.
 */
export class Scheduler {
  readonly runner: TaskRunner;
  private readonly targets: ServiceTargets;
  private readonly health: TaskHealth;
  private readonly stoppedEvents: EventBatch;
  private readonly drainingEvents: EventBatch;
  private readonly lastUnplaced = new Map<string, string>();
  private readonly retries = new Set<string>();
  private readonly busy = new Set<string>();
  private readonly again = new Set<string>();

  constructor(
    private readonly world: EcsWorld,
    elb: ElbTargets,
    private readonly timing: Timing,
  ) {
    this.targets = new ServiceTargets(world, elb);
    this.health = new TaskHealth(world, elb);
    this.stoppedEvents = new EventBatch(
      world,
      (ids) => `has stopped ${ids.length} running tasks: ${ids.map((id) => `(task ${id})`).join(' ')}.`,
    );
    this.drainingEvents = new EventBatch(world, (ids) => `has begun draining connections on ${ids.length} tasks.`);
    const hooks: TaskHooks = {
      running: (task) => this.onRunning(task),
      draining: (task) => this.onDraining(task),
      stopped: (task) => this.onStopped(task),
      moved: (task) => this.onMoved(task),
      stopTimeoutMs: (task) => stopTimeoutMs(this.world, task),
      changed: () => world.changed(),
    };
    this.runner = new TaskRunner(world.ctx.clock, timing, hooks);
    new HealthReplacement(world, this.health, this.runner, {
      stopTasks: (service, tasks, reason) => this.stopTasks(service, tasks, reason),
      reconcile: (service) => this.reconcile(service),
    });
  }

  reconcileAll(): void {
    for (const service of this.world.state.services) this.reconcile(service);
  }

  /** Brings the service towards its desired state; a call made while it runs is done after it. */
  reconcile(service: ServiceRecord): void {
    if (this.busy.has(service.arn)) {
      this.again.add(service.arn);
      return;
    }
    this.busy.add(service.arn);
    try {
      do {
        this.again.delete(service.arn);
        this.reconcileOnce(service);
      } while (this.again.has(service.arn));
    } finally {
      this.busy.delete(service.arn);
    }
  }

  private reconcileOnce(service: ServiceRecord): void {
    if (this.runner.closed || service.status === 'INACTIVE') return;
    if (service.status === 'DRAINING') return this.drain(service);
    const [primary, ...old] = service.deployments;
    if (!primary) return;
    primary.desiredCount = service.desiredCount;
    const all = this.world.tasksOf(service);
    const wanted = all.filter((t) => t.desiredStatus === 'RUNNING');
    const live = wanted.filter((t) => t.deploymentId === primary.id);
    const isHealthy = (t: TaskRecord): boolean => this.health.isHealthy(service, t);
    const plan = planRollout({
      desiredCount: service.desiredCount,
      maximumPercent: service.maximumPercent,
      minimumHealthyPercent: service.minimumHealthyPercent,
      primary: live,
      old: wanted.filter((t) => t.deploymentId !== primary.id),
      notStopped: all.filter((t) => t.lastStatus !== 'STOPPED').length,
      isHealthy,
      primaryFailed: primary.rolloutState === 'FAILED',
    });
    if (plan.start > 0) this.startTasks(service, primary, plan.start);
    if (live.length > service.desiredCount) this.scaleIn(service, primary, live, live.length - service.desiredCount);
    if (old.length > 0) this.retire(service, primary, old, plan.retire);
    checkSteady(this.world, service, isHealthy);
    // A steady state resolves the placement problem: ECS writes the next one again.
    if (service.steady) this.lastUnplaced.delete(service.arn);
  }

  private startTasks(service: ServiceRecord, deployment: DeploymentRecord, count: number): void {
    const taskDefinition = this.world.taskDefinitionByArn(deployment.taskDefinitionArn);
    const candidates = placementCandidates(this.world, service);
    const started: TaskRecord[] = [];
    for (let i = 0; i < count; i += 1) {
      const placement = placeTask(taskDefinition, candidates, serviceStrategies(service.placementStrategy));
      if (!placement.placed) {
        this.reportUnplaced(service, unplacedMessage(placement.reason));
        break;
      }
      const task = newTask(this.world, taskDefinition, placement.instance, {
        group: `service:${service.name}`,
        startedBy: deployment.id,
        serviceArn: service.arn,
        deploymentId: deployment.id,
      });
      applyArmedFaults(this.world, task);
      this.world.state.tasks.push(task);
      const tags = propagatedTags(this.world, service, taskDefinition.arn);
      if (tags.length > 0) this.world.state.tags[task.arn] = tags;
      started.push(task);
    }
    if (started.length === 0) return;
    service.steady = false;
    this.world.addEvent(
      service,
      `has started ${started.length} tasks: ${started.map((t) => `(task ${t.id})`).join(' ')}.`,
    );
    for (const task of started) this.runner.launch(task);
  }

  /**
   * Writes the "unable to place" event once per distinct reason until a steady state resolves it
   * (ECS omits duplicate event messages until the cause is resolved), and retries later.
   */
  private reportUnplaced(service: ServiceRecord, message: string): void {
    if (this.lastUnplaced.get(service.arn) !== message) {
      this.lastUnplaced.set(service.arn, message);
      this.world.addEvent(service, message);
    }
    if (this.retries.has(service.arn)) return;
    this.retries.add(service.arn);
    void this.runner.sleep(this.timing.placementRetryMs).then((slept) => {
      this.retries.delete(service.arn);
      if (slept) this.reconcile(service);
    });
  }

  /** Whether the service spreads over AZs (ECS's default): scale-in then keeps the AZs balanced. */
  private spreadsOverZones(service: ServiceRecord): boolean {
    return serviceStrategies(service.placementStrategy).some(
      (s) => s.type === 'spread' && s.field === 'attribute:ecs.availability-zone',
    );
  }

  private zoneOf(task: TaskRecord): string | undefined {
    return this.world.instanceByArn(task.containerInstanceArn)?.availabilityZone;
  }

  private scaleIn(service: ServiceRecord, deployment: DeploymentRecord, live: TaskRecord[], count: number): void {
    this.stopTasks(
      service,
      pickTasksToStop(live, count, this.spreadsOverZones(service) ? (t) => this.zoneOf(t) : undefined),
      `Scaling activity initiated by (deployment ${deployment.id})`,
    );
  }

  /**
   * Stops tasks as the scheduler does: a RUNNING load-balanced task drains first. An armed
   * `stop-without-draining` fault makes the next ones die at once instead (their targets linger).
   */
  private stopTasks(service: ServiceRecord, tasks: TaskRecord[], reason: string): void {
    if (tasks.length === 0) return;
    service.steady = false;
    for (const task of tasks) {
      const undrained = task.lastStatus === 'RUNNING' ? takeStopWithoutDraining(this.world) : undefined;
      if (task.lastStatus === 'RUNNING' && service.loadBalancers.length > 0 && !undrained)
        this.drainingEvents.add(service, 'draining', task.id);
      this.runner.stop(task, 'ServiceSchedulerInitiated', reason, undrained ? { routedForMs: undrained } : undefined);
    }
  }

  /**
   * Rolling update: stops the old tasks the plan lets go (drained first), and forgets an old
   * deployment once all its tasks have stopped. An old deployment's desired count is what it still runs.
   */
  private retire(
    service: ServiceRecord,
    primary: DeploymentRecord,
    old: DeploymentRecord[],
    leaving: TaskRecord[],
  ): void {
    this.stopTasks(service, leaving, `Scaling activity initiated by (deployment ${primary.id})`);
    for (const deployment of old) {
      const tasks = this.world.tasksOf(service).filter((t) => t.deploymentId === deployment.id);
      deployment.desiredCount = tasks.filter((t) => t.desiredStatus === 'RUNNING').length;
      if (tasks.every((t) => t.lastStatus === 'STOPPED')) {
        service.deployments = service.deployments.filter((d) => d !== deployment);
        this.world.changed();
      }
    }
  }

  /** A DRAINING service stops all its tasks, then turns INACTIVE after a short delay. */
  private drain(service: ServiceRecord): void {
    const tasks = this.world.tasksOf(service);
    this.stopTasks(
      service,
      tasks.filter((t) => t.desiredStatus === 'RUNNING'),
      'Service is being deleted',
    );
    if (tasks.some((t) => t.lastStatus !== 'STOPPED') || service.inactiveAt !== undefined) return;
    service.inactiveAt = this.world.now() + this.timing.inactiveAfterMs;
    this.world.changed();
    this.scheduleInactive(service);
  }

  /** Turns a DRAINING service INACTIVE when its time comes (also after a restore). */
  scheduleInactive(service: ServiceRecord): void {
    const wait = Math.max(0, (service.inactiveAt ?? 0) - this.world.now());
    void this.runner.sleep(wait).then((slept) => {
      if (!slept || service.status !== 'DRAINING') return;
      service.status = 'INACTIVE';
      for (const deployment of service.deployments) deployment.updatedAt = this.world.now();
      this.world.changed();
    });
  }

  private serviceOf(task: TaskRecord): ServiceRecord | undefined {
    return task.serviceArn ? this.world.state.services.find((s) => s.arn === task.serviceArn) : undefined;
  }

  private onRunning(task: TaskRecord): void {
    const service = this.serviceOf(task);
    if (!service) return;
    this.targets.register(service, task);
    this.reconcile(service);
  }

  private async onDraining(task: TaskRecord): Promise<void> {
    const service = this.serviceOf(task);
    if (service) await this.targets.deregister(service, task);
  }

  private onStopped(task: TaskRecord): void {
    const service = this.serviceOf(task);
    if (service && task.startedAt !== undefined) this.stoppedEvents.add(service, 'stopped', task.id);
    const deployment = service?.deployments.find((d) => d.id === task.deploymentId);
    if (service && deployment && task.stopCode === 'TaskFailedToStart')
      countFailedTask(this.world, service, deployment);
    this.forgetOldTasks();
    for (const s of this.world.state.services) if (s.clusterArn === task.clusterArn) this.reconcile(s);
  }

  private async onMoved(task: TaskRecord): Promise<void> {
    const service = this.serviceOf(task);
    if (!service) return;
    await this.targets.deregister(service, task, true);
    if (task.desiredStatus === 'RUNNING') this.targets.register(service, task);
  }

  private forgetOldTasks(): void {
    const stopped = this.world.state.tasks.filter((t) => t.lastStatus === 'STOPPED');
    if (stopped.length <= keptStoppedTasks) return;
    const forget = new Set(
      stopped.sort((a, b) => (a.stoppedAt ?? 0) - (b.stoppedAt ?? 0)).slice(0, stopped.length - keptStoppedTasks),
    );
    this.world.state.tasks = this.world.state.tasks.filter((t) => !forget.has(t));
    for (const task of forget) delete this.world.state.tags[task.arn];
  }
}
