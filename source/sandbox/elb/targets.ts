import type {
  DeregisterTargetsInput,
  DescribeTargetHealthInput,
  RegisterTargetsInput,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError, type ElbTargets, type TargetHealthState, type TargetRef } from '../contracts.js';
import { laterAt } from '../deadline.js';
import type { Runtime } from '../runtime.js';
import type { TargetGroup } from '../world.js';
import type { HealthChecker } from './health.js';
import { activeLbOf, findTg, tgLoadBalancerArns } from './lookup.js';

/**
 * Registration and draining of targets, shared by the ELBv2 operations and by ECS (`ElbTargets`).
 * Draining lasts the group's deregistration delay (scaled); then the target is removed.
 */
export class TargetRegistry implements ElbTargets {
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(
    private readonly rt: Runtime,
    private readonly checker: HealthChecker,
  ) {}

  describeTargetGroup(arn: string) {
    const tg = this.rt.world.elb.targetGroups.find((t) => t.arn === arn);
    if (!tg) return undefined;
    const loadBalancerArns = tgLoadBalancerArns(this.rt, tg.arn);
    return {
      arn: tg.arn,
      name: tg.name,
      targetType: tg.targetType,
      associated: loadBalancerArns.length > 0,
      loadBalancerArns,
      deregistrationDelaySeconds: Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? 300),
    };
  }

  /** Registers a target (no-op when the group no longer exists: ECS keeps running its tasks). */
  register(targetGroupArn: string, target: TargetRef): void {
    const tg = this.rt.world.elb.targetGroups.find((t) => t.arn === targetGroupArn);
    if (!tg) return;
    const existing = tg.targets.find((t) => t.id === target.id && t.port === target.port);
    if (existing) {
      if (existing.drainUntil === undefined) return;
      delete existing.drainUntil;
      this.finish(tg, existing);
    } else {
      tg.targets.push({ id: target.id, port: target.port });
    }
    this.rt.changed();
    this.rt.kick();
  }

  deregister(targetGroupArn: string, target: TargetRef, options?: { immediate?: boolean }): Promise<void> {
    const tg = this.rt.world.elb.targetGroups.find((t) => t.arn === targetGroupArn);
    const found = tg?.targets.find((t) => t.id === target.id && t.port === target.port);
    if (!tg || !found) return Promise.resolve();
    const delay = Number(tg.attributes['deregistration_delay.timeout_seconds'] ?? 300) * 1000;
    const done = new Promise<void>((resolve) =>
      this.waiters.set(targetKey(tg, found), [...(this.waiters.get(targetKey(tg, found)) ?? []), resolve]),
    );
    if (options?.immediate || delay === 0 || !activeLbOf(this.rt, tg.arn)) {
      this.remove(tg, found);
    } else if (found.drainUntil === undefined) {
      found.drainUntil = Date.now() + this.rt.clock.real(delay);
      this.schedule(tg, found.id, found.port);
      this.rt.changed();
      this.rt.kick();
    }
    return done;
  }

  health(targetGroupArn: string, target: TargetRef): TargetHealthState | undefined {
    const tg = this.rt.world.elb.targetGroups.find((t) => t.arn === targetGroupArn);
    const found = tg?.targets.find((t) => t.id === target.id && t.port === target.port);
    return tg && found ? this.checker.view(tg, found).state : undefined;
  }

  onHealthChange(listener: (targetGroupArn: string, target: TargetRef, state: TargetHealthState) => void): void {
    this.checker.onStateChange((arn, target, state) => listener(arn, { id: target.id, port: target.port }, state));
  }

  /** Re-arms draining timers after a restart. */
  resume(): void {
    for (const tg of this.rt.world.elb.targetGroups) {
      for (const t of tg.targets) if (t.drainUntil !== undefined) this.schedule(tg, t.id, t.port);
    }
  }

  /** Releases everyone waiting on a drain (the sandbox is closing; the drain resumes on restart). */
  close(): void {
    for (const resolvers of this.waiters.values()) for (const resolve of resolvers) resolve();
    this.waiters.clear();
  }

  private schedule(tg: TargetGroup, id: string, port: number): void {
    const target = tg.targets.find((t) => t.id === id && t.port === port);
    if (target?.drainUntil === undefined) return;
    // Re-registered meanwhile: no drainUntil; deregistered again: a later one, with its own timer.
    laterAt(this.rt, target.drainUntil, () => {
      const current = tg.targets.find((t) => t.id === id && t.port === port);
      if (current?.drainUntil !== undefined && current.drainUntil <= Date.now()) this.remove(tg, current);
    });
  }

  private remove(tg: TargetGroup, target: { id: string; port: number }): void {
    tg.targets = tg.targets.filter((t) => !(t.id === target.id && t.port === target.port));
    this.finish(tg, target);
    this.rt.changed();
    this.rt.kick();
  }

  private finish(tg: TargetGroup, target: { id: string; port: number }): void {
    const key = targetKey(tg, target);
    for (const resolve of this.waiters.get(key) ?? []) resolve();
    this.waiters.delete(key);
  }

  /** ELBv2 RegisterTargets: running instances only; the port defaults to the group's. */
  registerTargets(input: RegisterTargetsInput): Record<string, never> {
    const tg = findTg(this.rt, input.TargetGroupArn);
    const targets = input.Targets ?? [];
    const missing = targets.filter((t) => !this.rt.world.ec2.instances.some((i) => i.id === t.Id));
    if (missing.length > 0) {
      throw new SandboxError(
        'InvalidTarget',
        `The following targets are not in a running state and cannot be registered: '${missing.map((t) => t.Id).join("', '")}'`,
      );
    }
    for (const t of targets) {
      const port = t.Port ?? tg.port;
      if (port < 1 || port > 65535)
        throw new SandboxError('ValidationError', `Port ${port} is not valid: it must be between 1 and 65535`);
    }
    for (const t of targets) this.register(tg.arn, { id: t.Id ?? '', port: t.Port ?? tg.port });
    return {};
  }

  /** ELBv2 DeregisterTargets: starts draining (returns at once, as AWS does). */
  deregisterTargets(input: DeregisterTargetsInput): Record<string, never> {
    const tg = findTg(this.rt, input.TargetGroupArn);
    const refs = (input.Targets ?? []).map((t) => ({ id: t.Id ?? '', port: t.Port ?? tg.port }));
    const missing = refs.filter((r) => !tg.targets.some((t) => t.id === r.id && t.port === r.port));
    if (missing.length > 0) {
      throw new SandboxError(
        'InvalidTarget',
        `The following targets are not registered in the target group: '${missing.map((r) => `${r.id}:${r.port}`).join("', '")}'`,
      );
    }
    for (const ref of refs) void this.deregister(tg.arn, ref);
    return {};
  }

  /** ELBv2 DescribeTargetHealth: every target, or the ones asked for (`Target.NotRegistered` if unknown). */
  describeTargetHealth(input: DescribeTargetHealthInput): { TargetHealthDescriptions: TargetHealthDescription[] } {
    const tg = findTg(this.rt, input.TargetGroupArn);
    const asked = input.Targets?.length
      ? input.Targets.map((t) => ({ id: t.Id ?? '', port: t.Port ?? tg.port }))
      : tg.targets;
    return {
      TargetHealthDescriptions: asked.map((ref) => {
        const target = tg.targets.find((t) => t.id === ref.id && t.port === ref.port);
        const health = target
          ? this.checker.view(tg, target)
          : {
              state: 'unused' as const,
              reason: 'Target.NotRegistered',
              description: 'Target is not registered to the target group',
            };
        const port = tg.healthCheck.port === 'traffic-port' ? String(ref.port) : tg.healthCheck.port;
        return {
          Target: { Id: ref.id, Port: ref.port },
          HealthCheckPort: port,
          TargetHealth: { State: health.state, Reason: health.reason as never, Description: health.description },
        };
      }),
    };
  }
}

function targetKey(tg: TargetGroup, target: { id: string; port: number }): string {
  return `${tg.arn}|${target.id}|${target.port}`;
}
