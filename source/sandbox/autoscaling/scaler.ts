import type { AutoScalingGroupView } from '../contracts.js';
import { laterAt } from '../deadline.js';
import { instanceState, type Fleet } from '../ec2/fleet.js';
import type { Runtime } from '../runtime.js';
import type { AutoScalingGroup, Instance, ScalingActivity } from '../world.js';
import { LaunchRefused, launchSpec } from './launch-check.js';

/** How long (AWS ms) Auto Scaling waits before retrying a failed launch, doubling up to 10 minutes. */
const RETRY_MS = 10_000;
const RETRY_MAX_MS = 600_000;
const KEEP_ACTIVITIES = 100;

/**
 * Keeps each Auto Scaling group at its desired capacity: launches into the subnet of the AZ with
 * the fewest of its instances, terminates unprotected ones from the AZ with the most, records a
 * scaling activity for each (a refused launch is a Failed one with EC2's reason, retried with
 * backoff), and finishes a forced delete once its instances are terminated.
 */
export class Scaler {
  private readonly retryAfter = new Map<string, number>();
  private readonly armed = new Set<string>();

  constructor(
    private readonly rt: Runtime,
    private readonly fleet: Fleet,
  ) {}

  /** The group's instances that are not terminated. */
  members(group: AutoScalingGroup): Instance[] {
    return this.rt.world.ec2.instances.filter(
      (i) => i.launched?.autoScalingGroupName === group.name && instanceState(i) !== 'terminated',
    );
  }

  /** A group by name or ARN as ECS sees it (none while it is being deleted). */
  view(arnOrName: string): AutoScalingGroupView | undefined {
    const g = this.rt.world.autoScaling.groups.find((x) => x.name === arnOrName || x.arn === arnOrName);
    if (!g || g.deleting) return undefined;
    return {
      arn: g.arn,
      name: g.name,
      newInstancesProtectedFromScaleIn: g.newInstancesProtectedFromScaleIn,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredCapacity: g.desiredCapacity,
    };
  }

  /** Brings every group to its desired capacity (after a start, or an instance ended). */
  reconcileAll(): void {
    for (const group of [...this.rt.world.autoScaling.groups]) this.reconcile(group, 'an instance was terminated');
  }

  /** Brings one group to its desired capacity; `cause` explains the change in the activity. */
  reconcile(group: AutoScalingGroup, cause: string): void {
    const { rt } = this;
    if (!rt.world.autoScaling.groups.includes(group)) return;
    const members = this.members(group);
    if (group.deleting) {
      for (const i of members) this.terminate(group, i, 'the group is being deleted');
      if (members.every((i) => instanceState(i) === 'terminated')) {
        rt.world.autoScaling.groups = rt.world.autoScaling.groups.filter((g) => g !== group);
        rt.world.autoScaling.activities = rt.world.autoScaling.activities.filter((a) => a.groupName !== group.name);
        rt.changed();
      }
      return;
    }
    const live = members.filter((i) => i.launched?.terminatingAt === undefined);
    if (live.length > group.desiredCapacity) this.scaleIn(group, live, cause);
    else if (live.length < group.desiredCapacity) this.scaleOut(group, live, cause);
  }

  /** Starts terminating `instance` with an activity (idempotent). */
  terminate(group: AutoScalingGroup, instance: Instance, cause: string): void {
    if (!instance.launched || instance.launched.terminatingAt !== undefined) return;
    this.fleet.terminate(instance);
    this.activity(group, {
      description: `Terminating EC2 instance: ${instance.id}`,
      cause: `At ${new Date().toISOString()} ${cause}, terminating instance ${instance.id}.`,
      status: 'Successful',
      endAt: instance.launched.terminatedAt ?? Date.now(),
    });
  }

  private scaleIn(group: AutoScalingGroup, live: Instance[], cause: string): void {
    let excess = live.length - group.desiredCapacity;
    const candidates = live.filter((i) => !i.launched?.protectedFromScaleIn);
    while (excess > 0 && candidates.length > 0) {
      const byAz = (az: string) => candidates.filter((i) => i.az === az).length;
      candidates.sort(
        (a, b) => byAz(b.az) - byAz(a.az) || (a.launched?.launchTime ?? '').localeCompare(b.launched?.launchTime ?? ''),
      );
      const victim = candidates.shift() as Instance;
      this.terminate(group, victim, `${cause}, shrinking the capacity from ${live.length} to ${group.desiredCapacity}`);
      excess -= 1;
    }
  }

  private scaleOut(group: AutoScalingGroup, live: Instance[], cause: string): void {
    const now = Date.now();
    const retryAt = this.retryAfter.get(group.name);
    if (retryAt !== undefined && now < retryAt) return this.armRetry(group, retryAt);
    const members = [...live];
    const from = live.length;
    while (members.length < group.desiredCapacity) {
      const subnetId = this.pickSubnet(group, members);
      let instance: Instance;
      try {
        instance = this.fleet.launch(launchSpec(this.rt, group, subnetId));
      } catch (error) {
        if (!(error instanceof LaunchRefused)) throw error;
        return this.launchFailed(group, error.message, cause, from);
      }
      members.push(instance);
      this.activity(group, {
        description: `Launching a new EC2 instance: ${instance.id}`,
        cause: `At ${new Date(now).toISOString()} ${cause}. At ${new Date(now).toISOString()} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${from} to ${group.desiredCapacity}.`,
        status: 'Successful',
        endAt: instance.launched?.runningAt ?? now,
      });
    }
    this.retryAfter.delete(group.name);
  }

  private launchFailed(group: AutoScalingGroup, reason: string, cause: string, from: number): void {
    const wait = Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** this.failures(group));
    const at = Date.now() + this.rt.clock.real(wait);
    this.retryAfter.set(group.name, at);
    this.activity(group, {
      description: `Launching a new EC2 instance.  Status Reason: ${reason} Launching EC2 instance failed.`,
      cause: `At ${new Date().toISOString()} ${cause}. At ${new Date().toISOString()} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${from} to ${group.desiredCapacity}.`,
      status: 'Failed',
      statusMessage: `${reason} Launching EC2 instance failed.`,
      endAt: Date.now(),
    });
    this.armRetry(group, at);
  }

  private failures(group: AutoScalingGroup): number {
    let n = 0;
    for (const a of this.rt.world.autoScaling.activities) {
      if (a.groupName !== group.name) continue;
      if (a.status !== 'Failed') n = 0;
      else n += 1;
    }
    return Math.min(n, 6);
  }

  private armRetry(group: AutoScalingGroup, at: number): void {
    if (this.armed.has(group.name)) return;
    this.armed.add(group.name);
    laterAt(this.rt, at, () => {
      this.armed.delete(group.name);
      this.reconcile(group, 'a retry of a failed launch');
    });
  }

  private pickSubnet(group: AutoScalingGroup, members: Instance[]): string {
    const subnets = group.subnetIds
      .map((id) => this.rt.world.ec2.subnets.find((s) => s.id === id))
      .filter((s) => s !== undefined);
    const count = (az: string) => members.filter((i) => i.az === az).length;
    const best = [...subnets].sort((a, b) => count(a.az) - count(b.az))[0];
    return best?.id ?? group.subnetIds[0] ?? '';
  }

  private activity(
    group: AutoScalingGroup,
    a: Omit<ScalingActivity, 'id' | 'groupName' | 'startTime' | 'progress' | 'details'>,
  ): void {
    const { world } = this.rt;
    const subnet = this.rt.world.ec2.subnets.find((s) => s.id === group.subnetIds[0]);
    world.autoScaling.activities.push({
      id: crypto.randomUUID(),
      groupName: group.name,
      startTime: new Date().toISOString(),
      progress: 100,
      details: JSON.stringify({ 'Subnet ID': group.subnetIds.join(','), 'Availability Zone': subnet?.az ?? '' }),
      ...a,
    });
    const mine = world.autoScaling.activities.filter((x) => x.groupName === group.name);
    if (mine.length > KEEP_ACTIVITIES) {
      const drop = new Set(mine.slice(0, mine.length - KEEP_ACTIVITIES));
      world.autoScaling.activities = world.autoScaling.activities.filter((x) => !drop.has(x));
    }
    if (a.endAt > Date.now()) laterAt(this.rt, a.endAt, () => this.rt.changed());
    this.rt.changed();
  }
}
