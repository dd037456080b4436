import { createClock } from '../../../source/sandbox/clock.js';
import { createListener } from '../../../source/sandbox/elb/listeners.js';
import { createLoadBalancer } from '../../../source/sandbox/elb/load-balancers.js';
import { createTargetGroup } from '../../../source/sandbox/elb/target-groups.js';
import type { Runtime } from '../../../source/sandbox/runtime.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { seedWorld } from '../../../source/sandbox/seed-world.js';

/**
 * A timer like Node's as `Date.now()` sees it when the event loop's clock lags the wall clock: it
 * fires `earlyMs` before the (truncated) delay, never sooner than 1 ms. Use with fake timers.
 */
export function earlyTimer(earlyMs: number): Runtime['later'] {
  return (realMs, run) => {
    setTimeout(run, Math.max(1, Math.floor(realMs) - earlyMs));
  };
}

/** A sandbox runtime over a freshly seeded world with no servers: `later` and `kick` as given. */
export function fakeRuntime(options: { timeScale: number; later: Runtime['later']; kick?: () => void }): Runtime {
  return {
    world: seedWorld(),
    clock: createClock(options.timeScale),
    region: seed.region,
    accountId: seed.accountId,
    changed: () => undefined,
    kick: options.kick ?? (() => undefined),
    later: options.later,
    log: () => undefined,
  };
}

/** Creates a load balancer (still provisioning), a target group and a :80 listener forwarding to it. */
export function addStack(rt: Runtime): { lbArn: string; tgArn: string; listenerArn: string } {
  const lb = createLoadBalancer(rt, { Name: 'demo-alb', Subnets: seed.subnets.map((s) => s.id) }).LoadBalancers[0];
  const tg = createTargetGroup(rt, { Name: 'demo-tg', Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId }).TargetGroups[0];
  const lbArn = lb?.LoadBalancerArn ?? '';
  const tgArn = tg?.TargetGroupArn ?? '';
  const listener = createListener(rt, {
    LoadBalancerArn: lbArn,
    Protocol: 'HTTP',
    Port: 80,
    DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
  });
  return { lbArn, tgArn, listenerArn: listener.Listeners[0]?.ListenerArn ?? '' };
}
