import type { ElbTargets, TargetRef } from '../contracts.js';
import { EventBatch } from './event-batch.js';
import type { ServiceRecord, TaskRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

type Target = { targetGroupArn: string; target: TargetRef };

/**
 * Keeps a load-balanced service's RUNNING tasks registered as targets of its target groups:
 * bridge mode, target type `instance`, so each target is the EC2 instance id + the dynamic host
 * port of the container port the service names. Each task remembers what it registered, so it
 * deregisters exactly that even after the service's load balancers changed. Writes ECS's events.
 */
export class ServiceTargets {
  private readonly registered: EventBatch;
  private readonly deregistered: EventBatch;

  constructor(
    private readonly world: EcsWorld,
    private readonly elb: ElbTargets,
  ) {
    this.registered = new EventBatch(
      world,
      (items, tg) => `registered ${items.length} targets in (target-group ${tg})`,
    );
    this.deregistered = new EventBatch(
      world,
      (items, tg) => `deregistered ${items.length} targets in (target-group ${tg})`,
    );
  }

  /** The targets the task should have now, from the service's load balancers and its bindings. */
  private wanted(service: ServiceRecord, task: TaskRecord): Target[] {
    const instance = this.world.instanceByArn(task.containerInstanceArn);
    if (!instance) return [];
    return service.loadBalancers.flatMap((lb) => {
      const container = task.containers.find((c) => c.name === lb.containerName);
      const binding = container?.networkBindings.find((b) => b.containerPort === lb.containerPort && b.hostPort > 0);
      return binding
        ? [{ targetGroupArn: lb.targetGroupArn, target: { id: instance.ec2InstanceId, port: binding.hostPort } }]
        : [];
    });
  }

  /** Registers the task's targets (health checks start at `initial`). */
  register(service: ServiceRecord, task: TaskRecord): void {
    task.registeredTargets = [];
    for (const { targetGroupArn, target } of this.wanted(service, task)) {
      try {
        this.elb.register(targetGroupArn, target);
        task.registeredTargets.push({ targetGroupArn, ...target });
        this.registered.add(service, targetGroupArn, task.id);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        this.world.addEvent(
          service,
          `failed to register targets in (target-group ${targetGroupArn}) with (error ${reason})`,
        );
      }
    }
    this.world.changed();
  }

  /**
   * Deregisters what the task registered; resolves once the deregistration delay has passed.
   * `immediate` drops targets whose server is already gone (a restored task), without an event.
   */
  async deregister(service: ServiceRecord, task: TaskRecord, immediate = false): Promise<void> {
    const targets = task.registeredTargets ?? [];
    await Promise.all(
      targets.map(async ({ targetGroupArn, id, port }) => {
        if (!immediate) this.deregistered.add(service, targetGroupArn, task.id);
        try {
          await this.elb.deregister(targetGroupArn, { id, port }, immediate ? { immediate } : undefined);
        } catch {
          // the target group is gone: nothing left to drain
        }
      }),
    );
    // Kept until drained, so a sandbox restarted meanwhile still knows what to remove.
    task.registeredTargets = (task.registeredTargets ?? []).filter((t) => !targets.includes(t));
    this.world.changed();
  }
}
