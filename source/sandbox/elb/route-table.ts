import type { Runtime } from '../runtime.js';
import type { Listener, LoadBalancer } from '../world.js';
import { buildGroupRoute, type GroupRoute } from './group-route.js';
import { groupSettings } from './group-settings.js';
import type { HealthChecker } from './health.js';
import { compileRoutes, type ListenerRoutes } from './routing.js';

/** A listener as the data plane serves it: its load balancer and its compiled rules. */
export type ListenerRoute = { listener: Listener; lb: LoadBalancer; routes: ListenerRoutes };

/**
 * What the data plane needs per request, kept between changes instead of recomputed per request:
 * each listener's compiled rules, and each target group's route (`GroupRoute`: its routing
 * attributes and its routable targets, over all AZs and per AZ: healthy ones, all of them when
 * failing open, none while only initial or draining). A round-robin request costs the same with
 * 400 targets as with 10. `clear()` on every change of the world the data plane hears of (`kick`:
 * registration, draining, listeners, rules, attributes, load balancer state); `forgetGroup()` when
 * a target's health state changes.
 */
export class RouteTable {
  private readonly listeners = new Map<string, ListenerRoute>();
  private readonly groups = new Map<string, GroupRoute>();

  constructor(
    private readonly rt: Runtime,
    private readonly health: HealthChecker,
  ) {}

  /** The listener's route, or undefined when it or its load balancer is gone. */
  listener(arn: string): ListenerRoute | undefined {
    const cached = this.listeners.get(arn);
    if (cached) return cached;
    const { elb } = this.rt.world;
    const listener = elb.listeners.find((l) => l.arn === arn);
    const lb = elb.loadBalancers.find((l) => l.arn === listener?.loadBalancerArn);
    if (!listener || !lb) return undefined;
    const route = { listener, lb, routes: compileRoutes(listener, elb.rules) };
    this.listeners.set(arn, route);
    return route;
  }

  /** The group's route, or undefined when the group is gone. */
  group(targetGroupArn: string): GroupRoute | undefined {
    const cached = this.groups.get(targetGroupArn);
    if (cached) return cached;
    const tg = this.rt.world.elb.targetGroups.find((t) => t.arn === targetGroupArn);
    if (!tg) return undefined;
    const zones = new Map(this.rt.world.ec2.instances.map((i) => [i.id, i.az]));
    const route = buildGroupRoute(tg.arn, groupSettings(tg, this.rt.clock), this.health.states(tg), (id) =>
      zones.get(id),
    );
    this.groups.set(targetGroupArn, route);
    return route;
  }

  forgetGroup(targetGroupArn: string): void {
    this.groups.delete(targetGroupArn);
  }

  clear(): void {
    this.listeners.clear();
    this.groups.clear();
  }
}
