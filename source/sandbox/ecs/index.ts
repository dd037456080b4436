import { SandboxError, type EcsContext, type EcsService } from '../contracts.js';
import { createAgents } from './agents.js';
import { Arns } from './arns.js';
import { finishUpdate } from './cluster-capacity.js';
import { createControl } from './control.js';
import { Input } from './input.js';
import { capacityProviderOperations, finishDelete } from './ops/capacity-providers.js';
import { clusterOperations } from './ops/clusters.js';
import { containerInstanceOperations } from './ops/container-instances.js';
import { createServiceOperation } from './ops/create-service.js';
import type { Operation, OperationDeps } from './ops/operation.js';
import { serviceOperations } from './ops/services.js';
import { tagOperations } from './ops/tags.js';
import { taskDefinitionOperations } from './ops/task-definitions.js';
import { taskOperations } from './ops/tasks.js';
import { restoreState } from './restore.js';
import { Scheduler } from './scheduler.js';
import { seedState } from './seed.js';
import { timing, type Timing } from './timing.js';
import { EcsWorld } from './ecs-world.js';

/** Test seam: shorter or longer ECS delays (AWS milliseconds, before the clock's scaling). */
export type EcsOptions = { timing?: Partial<Timing> };

/**
 * The sandbox's ECS: the control plane behind the ECS JSON 1.1 API (clusters, capacity providers,
 * container instances, task definitions, services, tasks, tags), the agents of booted instances,
 * and the task data plane (each RUNNING task is a local HTTP server on a dynamic host port,
 * registered with its service's target groups). A fresh world is seeded with cluster `ecs-demo`
 * and one container instance per EC2 instance (the `empty` seed: none of either).
 */
export function createEcs(ctx: EcsContext, options: EcsOptions = {}): EcsService {
  const state =
    ctx.restored === undefined || ctx.restored === null
      ? seedState(new Arns(ctx.region, ctx.accountId), ctx.instances, ctx.clock.now().getTime())
      : restoreState(ctx.restored);
  const world = new EcsWorld(state, ctx);
  const delays = { ...timing, ...options.timing };
  const scheduler = new Scheduler(world, ctx.elb, delays);
  const deps: OperationDeps = { world, scheduler, timing: delays };
  const operations: Record<string, Operation> = {
    ...clusterOperations(deps),
    ...containerInstanceOperations(deps),
    ...capacityProviderOperations(deps),
    ...taskDefinitionOperations(deps),
    ...createServiceOperation(deps),
    ...serviceOperations(deps),
    ...taskOperations(deps),
    ...tagOperations(deps),
  };
  let started = false;

  return {
    handle(operation, input) {
      const run = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
      if (!run) {
        return Promise.reject(
          new SandboxError(
            'UnknownOperationException',
            `The sandbox does not implement the ECS operation ${operation}.`,
          ),
        );
      }
      try {
        return Promise.resolve(run(new Input(input ?? {})));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },

    control: createControl(world, scheduler.runner),

    agents: createAgents(world, scheduler),

    snapshot: () => structuredClone(world.state),

    async start() {
      if (started) return;
      started = true;
      // Updates and deletions under way when the sandbox stopped have completed meanwhile.
      for (const cluster of world.state.clusters) finishUpdate(deps, cluster);
      for (const provider of world.state.capacityProviders) finishDelete(deps, provider);
      await Promise.all(world.state.tasks.map((task) => scheduler.runner.revive(task)));
      for (const service of world.state.services) {
        if (service.status === 'DRAINING' && service.inactiveAt !== undefined) scheduler.scheduleInactive(service);
      }
      scheduler.reconcileAll();
    },

    async close() {
      await scheduler.runner.close();
      world.flushEvents();
    },
  };
}
