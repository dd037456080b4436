import type { AutoScalingGroupView, AutoScalingGroups, BootedInstance } from '../../../source/sandbox/contracts.js';
import { seed } from '../../../source/sandbox/seed-ids.js';

/** The ARN EC2 Auto Scaling gives a group. */
export function groupArn(name: string): string {
  return `arn:aws:autoscaling:${seed.region}:${seed.accountId}:autoScalingGroup:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b:autoScalingGroupName/${name}`;
}

/** Auto Scaling as ECS sees it, in memory: groups a test adds, found by ARN or name. */
export class FakeAutoScaling implements AutoScalingGroups {
  readonly groups = new Map<string, AutoScalingGroupView>();

  /** Adds a group (protected from scale-in, 0..2, as the wizard creates it, unless overridden). */
  add(name: string, overrides: Partial<AutoScalingGroupView> = {}): AutoScalingGroupView {
    const group = {
      arn: groupArn(name),
      name,
      newInstancesProtectedFromScaleIn: true,
      minSize: 0,
      maxSize: 2,
      desiredCapacity: 2,
      ...overrides,
    };
    this.groups.set(name, group);
    return group;
  }

  describe(arnOrName: string): AutoScalingGroupView | undefined {
    return [...this.groups.values()].find((g) => g.arn === arnOrName || g.name === arnOrName);
  }
}

/** An instance of `group` whose agent has started, as the front hands it to ECS (a t3.small by default). */
export function bootedInstance(n: number, overrides: Partial<BootedInstance> = {}): BootedInstance {
  const subnet = seed.subnets[n % 2 === 0 ? 0 : 1] ?? seed.subnets[0];
  return {
    id: `i-0b00700000000000${n}`,
    privateIp: `172.31.${n % 2 === 0 ? 1 : 17}.${20 + n}`,
    subnet: subnet?.id ?? '',
    az: subnet?.az ?? 'ap-northeast-1a',
    instanceType: 't3.small',
    cpu: 2048,
    memoryMiB: 1939,
    architecture: 'x86_64',
    cluster: 'demo-cluster',
    autoScalingGroupName: 'demo-asg',
    ...overrides,
  };
}
