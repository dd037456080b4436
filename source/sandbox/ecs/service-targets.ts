import type { ElbTargets, TargetRef } from '../contracts.js';
import { EventBatch } from './event-batch.js';
import type { NetworkBinding, ServiceRecord, TaskRecord } from './model.js';
import type { World } from './world.js';

type Target = { targetGroupArn: string; target: TargetRef };

/**
 * Keeps a load-balanced service's RUNNING tasks registered as targets of its target groups:
 * bridge mode, target type `instance`, so each target is the EC2 instance id + the dynamic host
 * port of the container port the service names. Writes ECS's register / deregister events.
 */
export class ServiceTargets {
  private readonly registered: EventBatch;
  private readonly deregistered: EventBatch;

  constructor(
    private readonly world: World,
    private readonly elb: ElbTargets,
  ) {
    this.registered = new EventBatch(world, (items, tg) => `registered ${items.length} targets in (target-group ${tg})`);
    this.deregistered = new EventBatch(world, (items, tg) => `deregistered ${items.length} targets in (target-group ${tg})`);
  }

  /** The task's targets; `bindings` (per container) default to the current ones. */
  targetsOf(service: ServiceRecord, task: TaskRecord, bindings?: NetworkBinding[][]): Target[] {
    const instance = this.world.instanceByArn(task.containerInstanceArn);
    if (!instance) return [];
    return service.loadBalancers.flatMap((lb) => {
      const index = task.containers.findIndex((c) => c.name === lb.containerName);
      const list = bindings?.[index] ?? task.containers[index]?.networkBindings ?? [];
      const binding = list.find((b) => b.containerPort === lb.containerPort && b.hostPort > 0);
      return binding ? [{ targetGroupArn: lb.targetGroupArn, target: { id: instance.ec2InstanceId, port: binding.hostPort } }] : [];
    });
  }

  /** Registers the task's targets (health checks start at `initial`). */
  register(service: ServiceRecord, task: TaskRecord): void {
    for (const { targetGroupArn, target } of this.targetsOf(service, task)) {
      try {
        this.elb.register(targetGroupArn, target);
        this.registered.add(service, targetGroupArn, task.id);
      } catch (cause) {
        const reason = cause instanceof Error ? cause.message : String(cause);
        this.world.addEvent(service, `failed to register targets in (target-group ${targetGroupArn}) with (error ${reason})`);
      }
    }
  }

  /** Deregisters the task's targets; resolves once the deregistration delay has passed. */
  async deregister(service: ServiceRecord, task: TaskRecord, bindings?: NetworkBinding[][], immediate = false): Promise<void> {
    const targets = this.targetsOf(service, task, bindings);
    await Promise.all(
      targets.map(async ({ targetGroupArn, target }) => {
        if (!immediate) this.deregistered.add(service, targetGroupArn, task.id);
        try {
          await this.elb.deregister(targetGroupArn, target, immediate ? { immediate } : undefined);
        } catch {
          // the target group is gone: nothing left to drain
        }
      }),
    );
  }
}
