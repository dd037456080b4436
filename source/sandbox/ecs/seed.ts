import type { SeedInstance } from '../contracts.js';
import { seed } from '../seed-ids.js';
import { stableHex, type Arns } from './arns.js';
import type { EcsState } from './model.js';

/**
 * The seeded ECS world: cluster `ecs-demo` (ACTIVE) with one container instance per seeded EC2
 * instance. Container instance ids are derived from the EC2 ids, so they are the same every time.
 * The `empty` seed has no instances, and so no cluster either: first-time setup creates one.
 */
export function seedState(arns: Arns, instances: readonly SeedInstance[], now: number): EcsState {
  const clusterArn = arns.cluster(seed.clusterName);
  return {
    version: 1,
    clusters:
      instances.length === 0 ? [] : [{ arn: clusterArn, name: seed.clusterName, status: 'ACTIVE', createdAt: now }],
    containerInstances: instances.map((instance) => ({
      arn: arns.containerInstance(seed.clusterName, stableHex(`container-instance:${instance.id}`, 32)),
      clusterArn,
      ec2InstanceId: instance.id,
      availabilityZone: instance.az,
      subnetId: instance.subnet,
      privateIp: instance.privateIp,
      status: 'ACTIVE',
      registeredAt: now,
    })),
    capacityProviders: [],
    taskDefinitions: [],
    services: [],
    tasks: [],
    tags: {},
    clientTokens: {},
  };
}
