import type { EcsControl } from '../contracts.js';
import { applyTaskFault, clearTaskFaults, matchesTask as matches } from './task-faults.js';
import type { TaskRunner } from './task-runner.js';
import type { EcsWorld } from './ecs-world.js';

/**
 * Fault injection and the inventory: make a task fail its health checks (its servers answer 500)
 * or inject another task fault (crash, stop without draining, close on stop, unhealthy revision),
 * and list the live ECS resources (INACTIVE services and task definitions, STOPPED tasks left out).
 */
export function createControl(world: EcsWorld, runner: TaskRunner): EcsControl {
  return {
    taskFault: (fault) => applyTaskFault(world, runner, fault),
    clearTaskFaults: () => clearTaskFaults(world),

    setTaskFailing(ref, failing) {
      const candidates = world.state.tasks.filter((t) => matches(t, ref));
      const task = candidates.find((t) => t.lastStatus !== 'STOPPED') ?? candidates[0];
      if (!task) return false;
      task.failing = failing;
      if (failing) task.keptWhenUnhealthy = true;
      else delete task.keptWhenUnhealthy;
      world.changed();
      return true;
    },

    inventory() {
      const { state } = world;
      return {
        clusters: state.clusters
          .filter((c) => c.status === 'ACTIVE')
          .map((c) => ({ arn: c.arn, name: c.name, status: c.status })),
        containerInstances: state.containerInstances
          .filter((i) => i.status !== 'INACTIVE')
          .map((i) => ({
            arn: i.arn,
            cluster: i.clusterArn,
            ec2InstanceId: i.ec2InstanceId,
            status: i.status,
            ...(i.instanceType ? { instanceType: i.instanceType } : {}),
            ...(i.capacityProviderName ? { capacityProvider: i.capacityProviderName } : {}),
          })),
        capacityProviders: state.capacityProviders
          .filter((p) => p.status === 'ACTIVE')
          .map((p) => ({
            arn: p.arn,
            name: p.name,
            autoScalingGroupArn: p.autoScalingGroupArn,
            updateStatus: p.updateStatus,
            cluster: state.clusters.find((c) => c.status === 'ACTIVE' && c.capacityProviders?.includes(p.name))?.arn,
          })),
        taskDefinitions: state.taskDefinitions
          .filter((t) => t.status === 'ACTIVE')
          .map((t) => ({ arn: t.arn, family: t.family, revision: t.revision, networkMode: t.networkMode })),
        services: state.services
          .filter((s) => s.status !== 'INACTIVE')
          .map((s) => ({
            arn: s.arn,
            name: s.name,
            status: s.status,
            desiredCount: s.desiredCount,
            loadBalancers: s.loadBalancers,
          })),
        tasks: state.tasks
          .filter((t) => t.lastStatus !== 'STOPPED')
          .map((t) => ({
            arn: t.arn,
            service: t.serviceArn,
            lastStatus: t.lastStatus,
            desiredStatus: t.desiredStatus,
            ec2InstanceId: world.instanceByArn(t.containerInstanceArn)?.ec2InstanceId,
            containerId: t.containers[0]?.runtimeId.slice(0, 12),
            hostPort: t.startedAt === undefined ? undefined : t.containers[0]?.networkBindings[0]?.hostPort,
            failing: t.failing,
          })),
      };
    },
  };
}
