import type { ContainerInstanceRecord, ServiceRecord, TaskDefinitionRecord, TaskRecord } from './model.js';
import { capacityOf, instanceUsage, staticHostPorts, taskReservation, type InstanceUsage } from './resources.js';
import type { EcsWorld } from './ecs-world.js';
import { defaultStrategies, spreadValue, type Strategy } from './placement-strategy.js';

export type Placement = { placed: true; instance: ContainerInstanceRecord } | { placed: false; reason: string };

/** The bookkeeping placement needs for one instance while it places several tasks. */
export type Candidate = { instance: ContainerInstanceRecord; usage: InstanceUsage; serviceTasks: number };

/** A service's candidates, and where ECS says it looked when there are none (its cluster or its capacity provider). */
export type Candidates = Candidate[] & { scope?: 'cluster' | 'capacity provider' };

/**
 * Narrows the fitting instances by one strategy, as ECS applies them in order: spread keeps the
 * instances whose field value (AZ, instance, ...) holds the fewest of the service's tasks, counted
 * over every instance of the cluster; binpack keeps the ones with the least of the resource left;
 * random keeps one.
 */
function narrow(fitting: Candidate[], all: Candidate[], strategy: Strategy): Candidate[] {
  if (strategy.type === 'random') {
    const one = fitting[Math.floor(Math.random() * fitting.length)];
    return one ? [one] : fitting;
  }
  const score =
    strategy.type === 'binpack'
      ? (c: Candidate) =>
          strategy.field === 'cpu'
            ? capacityOf(c.instance).cpu - c.usage.cpu
            : capacityOf(c.instance).memory - c.usage.memory
      : (c: Candidate) => {
          const value = spreadValue(c.instance, strategy.field ?? 'instanceId');
          return all
            .filter((o) => spreadValue(o.instance, strategy.field ?? 'instanceId') === value)
            .reduce((sum, o) => sum + o.serviceTasks, 0);
        };
  const scores = fitting.map(score);
  const best = Math.min(...scores);
  return fitting.filter((_, i) => scores[i] === best);
}

/**
 * Places one task the way the ECS service scheduler does: among ACTIVE instances with enough CPU,
 * memory and free static ports, narrowed by the service's placement strategies in order (ECS's
 * default for services: spread over AZs), ties going to the instance with the fewest tasks of the
 * service, then the fewest tasks overall. Updates the chosen candidate's usage so the next call
 * sees it. When nothing fits, returns the event text ECS writes, naming the closest instance and
 * what it lacks.
 */
export function placeTask(
  taskDefinition: TaskDefinitionRecord,
  candidates: Candidates,
  strategies: readonly Strategy[] = defaultStrategies,
): Placement {
  const need = taskReservation(taskDefinition);
  const ports = staticHostPorts(taskDefinition);
  const active = candidates.filter((c) => c.instance.status === 'ACTIVE');
  if (active.length === 0) {
    return {
      placed: false,
      reason: `Reason: No Container Instances were found in your ${candidates.scope ?? 'cluster'}.`,
    };
  }
  const lacks = (c: Candidate): string | undefined => {
    const capacity = capacityOf(c.instance);
    if (c.usage.memory + need.memory > capacity.memory) return 'memory';
    if (c.usage.cpu + need.cpu > capacity.cpu) return 'CPU units';
    if (ports.some((p) => c.usage.ports.has(p))) return 'ports';
    return undefined;
  };
  let fitting = active.filter((c) => lacks(c) === undefined);
  for (const strategy of strategies) if (fitting.length > 1) fitting = narrow(fitting, candidates, strategy);
  const best = fitting.sort(
    (a, b) =>
      a.serviceTasks - b.serviceTasks || a.usage.running + a.usage.pending - (b.usage.running + b.usage.pending),
  )[0];
  if (!best) {
    const closest = [...active].sort((a, b) => a.usage.memory - b.usage.memory)[0] ?? active[0];
    const id = closest?.instance.arn.slice(closest.instance.arn.lastIndexOf('/') + 1) ?? '';
    const what = closest ? lacks(closest) : 'memory';
    const reason =
      what === 'ports'
        ? `The closest matching (container-instance ${id}) is already using a port required by your task.`
        : `The closest matching (container-instance ${id}) has insufficient ${what ?? 'memory'} available.`;
    return { placed: false, reason };
  }
  best.usage.memory += need.memory;
  best.usage.cpu += need.cpu;
  for (const p of ports) best.usage.ports.add(p);
  best.usage.pending += 1;
  best.serviceTasks += 1;
  return { placed: true, instance: best.instance };
}

/** The service event ECS writes when a task cannot be placed. */
export function unplacedMessage(reason: string): string {
  return (
    'was unable to place a task because no container instance met all of its requirements. ' +
    `${reason} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`
  );
}

/**
 * Whether a service's tasks may go on the instance: a capacity provider strategy limits them to
 * instances its providers' Auto Scaling groups launched (weight or base above 0); launch type EC2
 * takes any instance of the cluster.
 */
function serves(service: ServiceRecord, instance: ContainerInstanceRecord): boolean {
  const strategy = service.capacityProviderStrategy;
  if (!strategy || strategy.length === 0) return true;
  return strategy.some(
    (item) => item.capacityProvider === instance.capacityProviderName && (item.weight > 0 || item.base > 0),
  );
}

/** Every container instance of the service's cluster it may use, with what its live tasks use. */
export function placementCandidates(world: EcsWorld, service: ServiceRecord): Candidates {
  const tasks = world.state.tasks.filter((t) => t.clusterArn === service.clusterArn && t.lastStatus !== 'STOPPED');
  const portsOf = (task: TaskRecord): string[] => {
    const definition = world.state.taskDefinitions.find((d) => d.arn === task.taskDefinitionArn);
    return definition ? staticHostPorts(definition) : [];
  };
  const candidates = world.state.containerInstances
    .filter((i) => i.clusterArn === service.clusterArn && i.status !== 'INACTIVE' && serves(service, i))
    .map((instance) => ({
      instance,
      usage: instanceUsage(instance, tasks, portsOf),
      serviceTasks: tasks.filter((t) => t.containerInstanceArn === instance.arn && t.serviceArn === service.arn).length,
    }));
  // Every sandbox instance shares this machine's loopback: a static host port is taken on all.
  const taken = new Set(tasks.flatMap(portsOf));
  for (const candidate of candidates) candidate.usage.ports = taken;
  return Object.assign(candidates, {
    scope: service.capacityProviderStrategy?.length ? ('capacity provider' as const) : ('cluster' as const),
  });
}
