import { Agent } from 'node:http';
import { lbCanReach } from '../ec2/reachability.js';
import type { Runtime } from '../runtime.js';
import type { Target, TargetGroup, TargetState } from '../world.js';
import { activeLbOf } from './lookup.js';
import { probe, type ProbeResult } from './probe.js';

/** A target's health as DescribeTargetHealth reports it. */
export type TargetHealth = { state: TargetState; reason?: string; description?: string };

type Tracker = TargetHealth & { ok: number; bad: number; alive: boolean; healthySince?: number };

/** How long a new target shows `Elb.RegistrationInProgress` before the first check (AWS ms). */
const REGISTRATION_MS = 10_000;
/** Floors on real time, so a loaded machine does not turn fast scales into false timeouts. */
const MIN_INTERVAL_MS = 200;
const MIN_TIMEOUT_MS = 1_000;

export function targetKey(tgArn: string, target: { id: string; port: number }): string {
  return `${tgArn}|${target.id}|${target.port}`;
}

/**
 * Runs the load balancer's health checks: one loop per registered target of every group behind an
 * active load balancer, with the group's path, interval, timeout, thresholds and matcher (scaled).
 * A target whose instance's security groups do not admit the load balancer times out, as on AWS.
 * Checks keep their connection to the target alive between intervals (400 targets checked several
 * times a second would otherwise open and close that many connections), and state changes are
 * announced so the data plane can update the group's routable targets (`onStateChange`).
 */
export class HealthChecker {
  private readonly trackers = new Map<string, Tracker>();
  private readonly changeListeners: ((targetGroupArn: string, target: Target, state: TargetState) => void)[] = [];
  /** Probes reuse one kept-alive connection per target instead of a new one every interval. */
  private readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly rt: Runtime) {}

  /** Calls `listener` with the group's ARN, the target and its new state whenever a target changes health state. */
  onStateChange(listener: (targetGroupArn: string, target: Target, state: TargetState) => void): void {
    this.changeListeners.push(listener);
  }

  /** Starts loops for targets that should be checked and forgets the others. */
  sync(): void {
    const wanted = new Set<string>();
    for (const tg of this.rt.world.elb.targetGroups) {
      if (!activeLbOf(this.rt, tg.arn) || !tg.healthCheck.enabled) continue;
      for (const target of tg.targets) {
        if (target.drainUntil !== undefined) continue;
        const key = targetKey(tg.arn, target);
        wanted.add(key);
        if (!this.trackers.has(key)) this.start(tg, target, key);
      }
    }
    for (const [key, tracker] of this.trackers) {
      if (!wanted.has(key)) {
        tracker.alive = false;
        this.trackers.delete(key);
      }
    }
  }

  /** The health DescribeTargetHealth shows for a registered target. */
  view(tg: TargetGroup, target: Target): TargetHealth {
    return this.viewIn(tg, target, activeLbOf(this.rt, tg.arn) !== undefined);
  }

  /**
   * Every registered target of the group with its state (the group's load balancer looked up once),
   * and for a healthy one since when (real epoch ms): slow start ramps a target up from then.
   */
  states(tg: TargetGroup): { target: Target; state: TargetState; healthySince?: number }[] {
    const inUse = activeLbOf(this.rt, tg.arn) !== undefined;
    return tg.targets.map((target) => {
      const state = this.viewIn(tg, target, inUse).state;
      const since = state === 'healthy' ? this.trackers.get(targetKey(tg.arn, target))?.healthySince : undefined;
      return since === undefined ? { target, state } : { target, state, healthySince: since };
    });
  }

  private viewIn(tg: TargetGroup, target: Target, inUse: boolean): TargetHealth {
    if (target.drainUntil !== undefined)
      return {
        state: 'draining',
        reason: 'Target.DeregistrationInProgress',
        description: 'Target deregistration is in progress',
      };
    if (!inUse)
      return {
        state: 'unused',
        reason: 'Target.NotInUse',
        description: 'Target group is not configured to receive traffic from the load balancer',
      };
    if (!tg.healthCheck.enabled)
      return { state: 'unavailable', reason: 'Target.HealthCheckDisabled', description: 'Health checks disabled' };
    const tracker = this.trackers.get(targetKey(tg.arn, target));
    if (!tracker)
      return {
        state: 'initial',
        reason: 'Elb.RegistrationInProgress',
        description: 'Target registration is in progress',
      };
    return { state: tracker.state, reason: tracker.reason, description: tracker.description };
  }

  close(): void {
    for (const tracker of this.trackers.values()) tracker.alive = false;
    this.trackers.clear();
    this.agent.destroy();
  }

  private start(tg: TargetGroup, target: Target, key: string): void {
    const tracker: Tracker = {
      state: 'initial',
      reason: 'Elb.RegistrationInProgress',
      description: 'Target registration is in progress',
      ok: 0,
      bad: 0,
      alive: true,
    };
    this.trackers.set(key, tracker);
    const run = async (): Promise<void> => {
      if (!tracker.alive) return;
      const started = Date.now();
      const hc = tg.healthCheck;
      const result = await this.check(tg, target);
      if (!tracker.alive) return;
      const before = tracker.state;
      this.apply(tracker, result, hc.healthyThreshold, hc.unhealthyThreshold);
      if (tracker.state !== before)
        for (const listener of this.changeListeners) listener(tg.arn, target, tracker.state);
      const interval = Math.max(this.rt.clock.real(hc.intervalSeconds * 1000), MIN_INTERVAL_MS);
      this.rt.later(interval - (Date.now() - started), () => void run());
    };
    this.rt.later(this.rt.clock.real(REGISTRATION_MS), () => void run());
  }

  private async check(tg: TargetGroup, target: Target): Promise<ProbeResult> {
    const hc = tg.healthCheck;
    const timeout = Math.max(this.rt.clock.real(hc.timeoutSeconds * 1000), MIN_TIMEOUT_MS);
    const port = hc.port === 'traffic-port' ? target.port : Number(hc.port);
    const lb = activeLbOf(this.rt, tg.arn);
    if (!lb || !lbCanReach(this.rt, lb, target.id, port)) {
      await new Promise((resolve) => setTimeout(resolve, this.rt.clock.real(hc.timeoutSeconds * 1000)));
      return { ok: false, reason: 'Target.Timeout', description: 'Request timed out' };
    }
    return probe({ port, path: hc.path, matcher: hc.matcher, timeoutMs: timeout, agent: this.agent });
  }

  private apply(t: Tracker, result: ProbeResult, healthy: number, unhealthy: number): void {
    if (t.state === 'initial') {
      t.reason = 'Elb.InitialHealthChecking';
      t.description = 'Initial health checks in progress';
    }
    if (result.ok) {
      t.ok += 1;
      t.bad = 0;
      if (t.state !== 'healthy' && t.ok >= healthy)
        Object.assign(t, { state: 'healthy', reason: undefined, description: undefined, healthySince: Date.now() });
      return;
    }
    t.bad += 1;
    t.ok = 0;
    if (t.bad >= unhealthy) delete t.healthySince;
    if (t.state === 'unhealthy') Object.assign(t, { reason: result.reason, description: result.description });
    else if (t.bad >= unhealthy)
      Object.assign(t, { state: 'unhealthy', reason: result.reason, description: result.description });
  }
}
