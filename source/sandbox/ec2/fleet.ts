import type { BootedInstance, EcsAgents } from '../contracts.js';
import { laterAt } from '../deadline.js';
import { ec2Id } from '../ids.js';
import type { Runtime } from '../runtime.js';
import type { Instance, LaunchedInstance } from '../world.js';
import { instanceType, registeredMemoryMiB } from './instance-types.js';
import { subnetRouteTable } from './routes.js';
import { agentConfig } from './user-data.js';

/** AWS durations (ms) of an instance's life, before the clock's scaling. */
export const bootTiming = {
  /** pending → running. */
  pendingMs: 15_000,
  /** running → its ECS agent starts and registers. */
  agentMs: 20_000,
  /** How often an agent whose cluster does not exist tries again. */
  agentRetryMs: 30_000,
  /** shutting-down → terminated (AWS: typically half a minute to a minute). */
  shuttingDownMs: 30_000,
  /** How long a terminated instance stays visible in DescribeInstances. */
  terminatedVisibleMs: 3_600_000,
};

export type InstanceState = 'pending' | 'running' | 'shutting-down' | 'terminated';

/** An instance's EC2 state now (seeded instances are always running). */
export function instanceState(instance: Instance, now = Date.now()): InstanceState {
  const l = instance.launched;
  if (!l) return 'running';
  if (l.terminatedAt !== undefined && now >= l.terminatedAt) return 'terminated';
  if (l.terminatingAt !== undefined) return 'shutting-down';
  return now >= l.runningAt ? 'running' : 'pending';
}

/** What a launch needs, already checked (type, AMI, profile, groups). */
export type LaunchSpec = Omit<
  LaunchedInstance,
  | 'launchTime'
  | 'runningAt'
  | 'agentAt'
  | 'registeredAt'
  | 'terminatingAt'
  | 'terminatedAt'
  | 'terminationNotified'
  | 'publicIp'
> & { subnetId: string; securityGroupIds: string[] };

/**
 * The instances launched after the seed: they boot (pending → running), their ECS agent reads the
 * user data and registers with the cluster it names (retrying while that cluster does not exist),
 * and on termination ECS is told and the interface lingers until the instance is terminated.
 * Every time is stored in the world, so a restarted sandbox carries on where it stopped.
 */
export class Fleet {
  constructor(
    private readonly rt: Runtime,
    private readonly agents: () => EcsAgents | undefined,
    /** Called when an instance reaches `terminated` (Auto Scaling finishes deletes, replaces). */
    private readonly onTerminated: (instance: Instance) => void = () => undefined,
  ) {}

  /** Launches one instance in `spec.subnetId`, with its network interface. */
  launch(spec: LaunchSpec): Instance {
    const { rt } = this;
    const subnet = rt.world.ec2.subnets.find((s) => s.id === spec.subnetId);
    if (!subnet) throw new Error(`launch: no subnet ${spec.subnetId}`);
    const now = Date.now();
    const runningAt = now + rt.clock.real(bootTiming.pendingMs);
    const { subnetId, securityGroupIds, ...rest } = spec;
    const instance: Instance = {
      id: ec2Id('i'),
      subnetId,
      vpcId: subnet.vpcId,
      az: subnet.az,
      privateIp: this.freeIp(subnet.cidr),
      securityGroupIds,
      launched: {
        ...rest,
        launchTime: new Date(now).toISOString(),
        runningAt,
        agentAt: runningAt + rt.clock.real(bootTiming.agentMs),
        ...(subnet.mapPublicIp !== false ? { publicIp: `203.0.113.${1 + Math.floor(Math.random() * 254)}` } : {}),
      },
    };
    rt.world.ec2.instances.push(instance);
    rt.world.ec2.enis.push({
      id: ec2Id('eni'),
      subnetId,
      vpcId: subnet.vpcId,
      az: subnet.az,
      privateIp: instance.privateIp,
      description: '',
      instanceId: instance.id,
      securityGroupIds,
    });
    rt.changed();
    this.arm(instance);
    return instance;
  }

  /** Starts terminating an instance (idempotent): ECS hears of it at once, as the agent stops. */
  terminate(instance: Instance): void {
    const l = instance.launched;
    if (!l || l.terminatingAt !== undefined) return;
    const now = Date.now();
    l.terminatingAt = now;
    l.terminatedAt = now + this.rt.clock.real(bootTiming.shuttingDownMs);
    for (const eni of this.rt.world.ec2.enis) if (eni.instanceId === instance.id) eni.goneAt = l.terminatedAt;
    this.notifyTerminated(instance);
    this.rt.changed();
    this.arm(instance);
  }

  /** Re-arms every timer after a restart: booting instances continue, agents start or retry. */
  resume(): void {
    for (const instance of this.rt.world.ec2.instances) if (instance.launched) this.arm(instance);
  }

  /** Drops instances terminated longer ago than EC2 keeps showing them. */
  sweep(now = Date.now()): void {
    const keep = this.rt.clock.real(bootTiming.terminatedVisibleMs);
    const before = this.rt.world.ec2.instances.length;
    this.rt.world.ec2.instances = this.rt.world.ec2.instances.filter(
      (i) => i.launched?.terminatedAt === undefined || i.launched.terminatedAt + keep > now,
    );
    if (this.rt.world.ec2.instances.length !== before) this.rt.changed();
  }

  private arm(instance: Instance): void {
    const l = instance.launched;
    if (!l) return;
    if (l.terminatingAt !== undefined) {
      this.notifyTerminated(instance);
      if (l.terminatedAt !== undefined)
        laterAt(this.rt, l.terminatedAt, () => {
          this.rt.changed();
          this.onTerminated(instance);
        });
      return;
    }
    if (Date.now() < l.runningAt) laterAt(this.rt, l.runningAt, () => this.rt.changed());
    if (l.registeredAt === undefined)
      laterAt(this.rt, Math.max(l.agentAt, Date.now()), () => this.startAgent(instance));
  }

  private startAgent(instance: Instance): void {
    const l = instance.launched;
    const agents = this.agents();
    if (!l || l.registeredAt !== undefined || instanceState(instance) !== 'running' || !agents) return;
    const info = instanceType(l.instanceType);
    const config = agentConfig(l.userData);
    const booted: BootedInstance = {
      id: instance.id,
      privateIp: instance.privateIp,
      subnet: instance.subnetId,
      az: instance.az,
      instanceType: l.instanceType,
      cpu: (info?.vcpu ?? 2) * 1024,
      memoryMiB: info ? registeredMemoryMiB(info) : 0,
      architecture: l.architecture,
      cluster: config.cluster,
      ...(config.hostPortRange ? { hostPortRange: config.hostPortRange } : {}),
      ...(l.autoScalingGroupName ? { autoScalingGroupName: l.autoScalingGroupName } : {}),
    };
    if (this.reachesInternet(instance) && agents.register(booted)) {
      l.registeredAt = Date.now();
      this.rt.changed();
      return;
    }
    laterAt(this.rt, Date.now() + this.rt.clock.real(bootTiming.agentRetryMs), () => this.startAgent(instance));
  }

  /**
   * Whether the agent can reach the ECS endpoint: its subnet's route table sends 0.0.0.0/0 to a NAT
   * gateway, or to an internet gateway and the instance has a public IP. Without it the agent
   * retries and never registers, as on AWS.
   */
  private reachesInternet(instance: Instance): boolean {
    const table = subnetRouteTable(this.rt, instance.subnetId, instance.vpcId);
    const route = table?.routes.find((r) => r.destination === '0.0.0.0/0');
    if (route?.natGatewayId) return true;
    return Boolean(route?.gatewayId?.startsWith('igw-') && instance.launched?.publicIp);
  }

  private notifyTerminated(instance: Instance): void {
    const l = instance.launched;
    if (!l || l.terminationNotified) return;
    l.terminationNotified = true;
    if (l.registeredAt !== undefined) this.agents()?.instanceTerminated(instance.id);
    this.rt.changed();
  }

  private freeIp(cidr: string): string {
    const [a, b, c = '0'] = cidr.split('.');
    const used = new Set(this.rt.world.ec2.enis.map((e) => e.privateIp));
    for (;;) {
      const ip = `${a}.${b}.${Number(c) + Math.floor(Math.random() * 16)}.${4 + Math.floor(Math.random() * 250)}`;
      if (!used.has(ip)) return ip;
    }
  }
}
