import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { laterAt } from '../../../source/sandbox/deadline.js';
import { HealthChecker } from '../../../source/sandbox/elb/health.js';
import { deleteLoadBalancer } from '../../../source/sandbox/elb/load-balancers.js';
import { lbState } from '../../../source/sandbox/elb/lookup.js';
import { modifyTargetGroupAttributes } from '../../../source/sandbox/elb/tg-attributes.js';
import { TargetRegistry } from '../../../source/sandbox/elb/targets.js';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { addStack, earlyTimer, fakeRuntime } from './fake-runtime.js';

// Node arms timers by the event loop's clock, which can lag `Date.now()`: a timer may fire a
// millisecond or two before the wall-clock deadline it was armed for. These tests make every
// sandbox timer fire 2 ms early (fake timers, so the outcome is the same on every run) and check
// that no deadline is missed.
beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sandbox timers that fire before their deadline', () => {
  it('laterAt runs once, never before the deadline, however early the timer fires', async () => {
    // Given a timer that fires at half its delay, and a fractional deadline
    const half: Parameters<typeof laterAt>[0]['later'] = (ms, run) =>
      void setTimeout(run, Math.max(1, Math.floor(ms / 2)));
    const deadline = Date.now() + 116.667;
    const ranAt: number[] = [];
    // When laterAt waits for it
    laterAt({ later: half }, deadline, () => ranAt.push(Date.now()));
    await vi.advanceTimersByTimeAsync(1_000);
    // Then it ran exactly once, at the first whole millisecond not before the deadline
    expect(ranAt).toEqual([Math.ceil(deadline)]);
  });

  it.each([7, 1, 60])(
    'finishes draining with a deregistration delay of %i s (scale 60) when the timer fires early',
    async (delaySeconds) => {
      // Given an active load balancer forwarding to a target group with that deregistration delay
      const rt = fakeRuntime({ timeScale: 60, later: earlyTimer(2) });
      const stack = addStack(rt);
      await vi.advanceTimersByTimeAsync(3_000);
      modifyTargetGroupAttributes(rt, {
        TargetGroupArn: stack.tgArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: String(delaySeconds) }],
      });
      const registry = new TargetRegistry(rt, new HealthChecker(rt));
      const target = { id: seed.instances[0].id, port: 32768 };
      registry.register(stack.tgArn, target);

      // When the target is deregistered
      let drained = false;
      void registry.deregister(stack.tgArn, target).then(() => (drained = true));
      const group = rt.world.elb.targetGroups[0];
      expect(group?.targets[0]?.drainUntil).toBeDefined();

      // Then it is still draining just before the delay, and gone (its waiter released) soon after
      await vi.advanceTimersByTimeAsync((delaySeconds * 1000) / 60 - 3);
      expect(group?.targets).toHaveLength(1);
      expect(drained).toBe(false);
      await vi.advanceTimersByTimeAsync(10);
      expect(group?.targets).toHaveLength(0);
      expect(drained).toBe(true);
    },
  );

  it('brings a load balancer up (kick while active) when the provisioning timer fires early', async () => {
    // Given a scale at which provisioning (150 s AWS) is not whole milliseconds
    const states: string[] = [];
    const rt = fakeRuntime({
      timeScale: 70,
      later: earlyTimer(2),
      kick: () => states.push(...rt.world.elb.loadBalancers.map((lb) => lbState(lb))),
    });
    // When a load balancer is created and its provisioning time passes
    addStack(rt);
    states.length = 0; // CreateListener kicks too, while provisioning
    await vi.advanceTimersByTimeAsync(150_000 / 70 + 10);
    // Then the data plane was told to reconcile once it was active (it starts listeners then)
    expect(states).toEqual(['active']);
  });

  it('forgets a deleted load balancer’s lingering interfaces when the timer fires early', async () => {
    // Given an active load balancer with its interfaces
    const rt = fakeRuntime({ timeScale: 70, later: earlyTimer(2) });
    const stack = addStack(rt);
    await vi.advanceTimersByTimeAsync(3_000);
    const elbEnis = () => rt.world.ec2.enis.filter((e) => e.requesterId === 'amazon-elb');
    expect(elbEnis()).toHaveLength(3);
    // When it is deleted and the interfaces' linger time (60 s AWS) passes
    deleteLoadBalancer(rt, { LoadBalancerArn: stack.lbArn });
    await vi.advanceTimersByTimeAsync(60_000 / 70 + 10);
    // Then they are gone from the saved world, not only hidden
    expect(elbEnis()).toHaveLength(0);
  });
});
