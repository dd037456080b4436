import type { EcsControl } from '../contracts.js';
import type { TaskRecord } from './model.js';
import type { EcsWorld } from './ecs-world.js';

function matches(task: TaskRecord, ref: string): boolean {
  return (
    task.arn === ref || task.id === ref || (ref.length > 0 && task.containers.some((c) => c.runtimeId.startsWith(ref)))
  );
}

/**
 * Fault injection and the inventory: make a task fail its health checks (its servers answer 500),
 * and list the live ECS resources (INACTIVE services and task definitions, STOPPED tasks left out).
 */
export function createControl(world: EcsWorld): EcsControl {
  return {
    setTaskFailing(ref, failing) {
      const candidates = world.state.tasks.filter((t) => matches(t, ref));
      const task = candidates.find((t) => t.lastStatus !== 'STOPPED') ?? candidates[0];
      if (!task) return false;
      task.failing = failing;
      world.changed();
      return true;
    },

    inventory() {
      const { state } = world;
      return {
        clusters: state.clusters
          .filter((c) => c.status === 'ACTIVE')
          .map((c) => ({ arn: c.arn, name: c.name, status: c.status })),
        containerInstances: state.containerInstances.map((i) => ({
          arn: i.arn,
          cluster: i.clusterArn,
          ec2InstanceId: i.ec2InstanceId,
          status: i.status,
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
