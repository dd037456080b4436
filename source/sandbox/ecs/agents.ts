import type { BootedInstance, EcsAgents } from '../contracts.js';
import { stableHex } from './arns.js';
import type { ContainerInstanceRecord, TaskRecord } from './model.js';
import type { Scheduler } from './scheduler.js';
import type { EcsWorld } from './ecs-world.js';

/** The reason ECS gives a task whose host went away. */
export function hostGoneReason(ec2InstanceId: string): string {
  return `Host EC2 (instance ${ec2InstanceId}) stopped/terminated.`;
}

/**
 * Takes a container instance out of the cluster: INACTIVE at once (no new task goes there), its
 * tasks' targets dropped immediately (the host is gone or no longer ECS's), then the tasks stop
 * with `reason`; the service scheduler starts replacements elsewhere.
 */
export function retireInstance(
  world: EcsWorld,
  scheduler: Scheduler,
  instance: ContainerInstanceRecord,
  reason: string,
): void {
  instance.status = 'INACTIVE';
  instance.deregisteredAt = world.now();
  const tasks = world.state.tasks.filter(
    (t) => t.containerInstanceArn === instance.arn && t.desiredStatus !== 'STOPPED',
  );
  for (const task of tasks) dropTargets(world, task);
  world.changed();
  for (const task of tasks) scheduler.runner.stop(task, 'ServiceSchedulerInitiated', reason);
  for (const service of world.state.services)
    if (service.clusterArn === instance.clusterArn) scheduler.reconcile(service);
}

function dropTargets(world: EcsWorld, task: TaskRecord): void {
  for (const { targetGroupArn, id, port } of task.registeredTargets ?? []) {
    world.ctx.elb.deregister(targetGroupArn, { id, port }, { immediate: true }).catch(() => undefined);
  }
  task.registeredTargets = [];
}

/**
 * The ECS agents of instances an Auto Scaling group launched. `register` is what the agent does
 * once it has read `/etc/ecs/ecs.config`: it registers the instance with the CPU, memory and
 * attributes of its type, in the cluster the file names. An agent whose cluster does not exist
 * keeps retrying (false, nothing registered). Registration is once per EC2 instance: again for an
 * ACTIVE instance is a no-op (true); a deregistered instance's agent has stopped for good (false),
 * as on AWS, where only a cleared agent state registers anew.
 */
export function createAgents(world: EcsWorld, scheduler: Scheduler): EcsAgents {
  return {
    register(booted: BootedInstance): boolean {
      const previous = world.state.containerInstances.find((i) => i.ec2InstanceId === booted.id);
      if (previous) return previous.status !== 'INACTIVE';
      const cluster = world.state.clusters.find((c) => c.name === booted.cluster && c.status === 'ACTIVE');
      if (!cluster) return false;
      const provider = world.state.capacityProviders.find(
        (p) =>
          p.status === 'ACTIVE' &&
          p.updateStatus !== 'DELETE_IN_PROGRESS' &&
          booted.autoScalingGroupName !== undefined &&
          p.autoScalingGroupName === booted.autoScalingGroupName,
      );
      const record: ContainerInstanceRecord = {
        arn: world.arns.containerInstance(cluster.name, stableHex(`container-instance:${booted.id}`, 32)),
        clusterArn: cluster.arn,
        ec2InstanceId: booted.id,
        availabilityZone: booted.az,
        subnetId: booted.subnet,
        privateIp: booted.privateIp,
        status: 'ACTIVE',
        registeredAt: world.now(),
        instanceType: booted.instanceType,
        cpu: booted.cpu,
        memoryMiB: booted.memoryMiB,
        architecture: booted.architecture,
        ...(booted.hostPortRange ? { hostPortRange: { ...booted.hostPortRange } } : {}),
        ...(booted.autoScalingGroupName ? { autoScalingGroupName: booted.autoScalingGroupName } : {}),
        ...(provider ? { capacityProviderName: provider.name } : {}),
      };
      world.state.containerInstances.push(record);
      world.changed();
      // Services waiting for capacity place their tasks now rather than at the next retry.
      for (const service of world.state.services) if (service.clusterArn === cluster.arn) scheduler.reconcile(service);
      return true;
    },

    instanceTerminated(ec2InstanceId: string): void {
      const instance = world.state.containerInstances.find(
        (i) => i.ec2InstanceId === ec2InstanceId && i.status !== 'INACTIVE',
      );
      if (instance) retireInstance(world, scheduler, instance, hostGoneReason(ec2InstanceId));
    },
  };
}
