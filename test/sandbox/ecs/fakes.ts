import type { ElbTargets, SandboxClock, TargetHealthState, TargetRef } from '../../../source/sandbox/contracts.js';
import { seed } from '../../../source/sandbox/seed-ids.js';

/** A sandbox clock running `timeScale` times faster than AWS, on real timers. */
export function scaledClock(timeScale = 1000): SandboxClock {
  return {
    timeScale,
    real: (awsMs) => awsMs / timeScale,
    now: () => new Date(),
    sleep: (awsMs, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const timer = setTimeout(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }, awsMs / timeScale);
        const onAbort = (): void => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

type Group = { associated: boolean; targetType: string; deregistrationDelaySeconds: number };

/**
 * ELBv2 as ECS sees it, in memory: target groups with their association and a log of every
 * register / deregister call. Deregistration waits `deregistrationDelaySeconds` on the clock, or
 * until `holdDraining` is released when a test wants to look inside the draining window.
 * A registered target is healthy at once unless `setHealth` says otherwise (and tells ECS).
 */
export class FakeElb implements ElbTargets {
  readonly groups = new Map<string, Group>();
  readonly targets = new Map<string, Set<string>>();
  readonly log: string[] = [];
  private gate: { promise: Promise<void>; release: () => void } | undefined;
  private readonly states = new Map<string, TargetHealthState>();
  private readonly healthListeners: ((arn: string, target: TargetRef, state: TargetHealthState) => void)[] = [];
  /** The state a newly registered target starts in. */
  initialHealth: TargetHealthState = 'healthy';

  constructor(private readonly clock: SandboxClock) {}

  addGroup(name: string, group: Partial<Group> = {}): string {
    const arn = `arn:aws:elasticloadbalancing:${seed.region}:${seed.accountId}:targetgroup/${name}/0123456789abcdef`;
    this.groups.set(arn, { associated: true, targetType: 'instance', deregistrationDelaySeconds: 30, ...group });
    this.targets.set(arn, new Set());
    return arn;
  }

  /** Deregistrations started from now on wait until the returned function is called. */
  holdDraining(): () => void {
    let release = (): void => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.gate = { promise, release };
    return () => {
      this.gate = undefined;
      release();
    };
  }

  describeTargetGroup(arn: string) {
    const group = this.groups.get(arn);
    if (!group) return undefined;
    const name = arn.split('/')[1] ?? '';
    return { arn, name, loadBalancerArns: group.associated ? ['arn:lb'] : [], ...group };
  }

  register(arn: string, target: TargetRef): void {
    const set = this.targets.get(arn);
    if (!set) throw new Error(`The target group with targetGroupArn ${arn} does not exist.`);
    set.add(`${target.id}:${target.port}`);
    this.states.set(`${arn}|${target.id}:${target.port}`, this.initialHealth);
    this.log.push(`register ${target.id}:${target.port}`);
  }

  health(arn: string, target: TargetRef): TargetHealthState | undefined {
    return this.states.get(`${arn}|${target.id}:${target.port}`);
  }

  onHealthChange(listener: (arn: string, target: TargetRef, state: TargetHealthState) => void): void {
    this.healthListeners.push(listener);
  }

  /** Sets a registered target's health (`instance:port`) and tells ECS, as the health checks would. */
  setHealth(arn: string, key: string, state: TargetHealthState): void {
    this.states.set(`${arn}|${key}`, state);
    const [id = '', port = '0'] = key.split(':');
    for (const listener of this.healthListeners) listener(arn, { id, port: Number(port) }, state);
  }

  async deregister(arn: string, target: TargetRef, options?: { immediate?: boolean }): Promise<void> {
    const key = `${target.id}:${target.port}`;
    this.log.push(`${options?.immediate ? 'deregister-immediate' : 'deregister'} ${key}`);
    if (!options?.immediate) {
      if (this.gate) await this.gate.promise;
      else await this.clock.sleep((this.groups.get(arn)?.deregistrationDelaySeconds ?? 0) * 1000);
    }
    this.targets.get(arn)?.delete(key);
    this.states.delete(`${arn}|${key}`);
    this.log.push(`deregistered ${key}`);
  }

  /** Targets currently registered in the group, as `instance:port`. */
  list(arn: string): string[] {
    return [...(this.targets.get(arn) ?? [])].sort();
  }
}
