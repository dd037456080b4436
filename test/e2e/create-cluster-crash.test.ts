import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CrashPoint } from '../../source/engine/deps.js';
import { countCapacity, oneOfEachCapacity, withoutServiceLinkedRoles } from './capacity-inventory.js';
import {
  countStackResources,
  ensureBuilt,
  eventually,
  oneOfEach,
  runCli,
  startCli,
  startWorld,
  type World,
} from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const none = (counts: Record<string, number>) => Object.fromEntries(Object.keys(counts).map((k) => [k, 0]));

/**
 * Runs `command` with the CLI set to SIGKILL itself the first time it reaches `point`, again and
 * again until a run completes: each run dies at the next resource boundary, so every boundary is
 * hit once. Returns how many runs were killed and the completing run's log.
 */
async function killAtEveryBoundary(
  w: World,
  command: string[],
  point: CrashPoint,
): Promise<{ kills: number; stdout: string }> {
  let kills = 0;
  for (let run = 0; run < 25; run++) {
    const result = await runCli(w.args(...command), { ECS_ALB_WIZARD_CRASH_AT: `${point}:1` });
    if (result.signal === 'SIGKILL') {
      kills++;
      continue;
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return { kills, stdout: result.stdout };
  }
  throw new Error(`${command.join(' ')} never completed`);
}

describe('first-time setup survives SIGKILL at every resource boundary (empty seed, --create-cluster)', () => {
  // One world for the three stacks: each kill-and-rerun run costs a CLI start, so the world is shared.
  let shared: World;
  beforeAll(async () => {
    shared = await startWorld(600, { seed: 'empty' });
  });
  afterAll(async () => {
    await shared.close();
  });
  const setup = ['setup', '--create-cluster', '--scale-to', '1'];

  it('Given setup --create-cluster killed right after each resource is recorded, When rerun each time, Then it converges with exactly one of each resource and PASSes', async () => {
    const w = shared;
    const a = await killAtEveryBoundary(w, [...setup, '--stack', 'a'], 'after-record');
    // 7 capacity resources + 8 of the load balancer and service + the ECS service-linked role
    expect(a.kills).toBe(16);
    expect(a.stdout).toMatch(/^PASS /m);
    expect(countCapacity(w.sandbox.inventory(), 'a')).toEqual(oneOfEachCapacity());
    expect(countStackResources(w.sandbox.inventory(), 'a')).toEqual(oneOfEach);
    // The converged stack really serves: verify PASSes over its container instances.
    const verify = await runCli(w.args('verify', '--stack', 'a'));
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^PASS /m);
  }, 120_000);

  it('Given setup --create-cluster killed after each create answered but before it was recorded, When rerun each time, Then each is found by name and tag and it converges with exactly one of each', async () => {
    const w = shared;
    const before = countCapacity(w.sandbox.inventory(), 'a');
    const b = await killAtEveryBoundary(w, [...setup, '--stack', 'b'], 'before-record');
    expect(b.kills).toBeGreaterThanOrEqual(15);
    expect(b.stdout).toMatch(/^PASS /m);
    expect(countCapacity(w.sandbox.inventory(), 'b')).toEqual(oneOfEachCapacity());
    expect(countStackResources(w.sandbox.inventory(), 'b')).toEqual(oneOfEach);
    // ... and another stack's capacity was not touched by b's reruns
    expect(countCapacity(w.sandbox.inventory(), 'a')).toEqual(before);
  }, 120_000);

  it('Given a first-time stack, When teardown is killed after each resource it removes and rerun until done, Then nothing of it is left, a further teardown is a no-op, and with the other stacks gone the world is its seed again', async () => {
    const w = shared;
    const up = await runCli(w.args(...setup, '--stack', 'c'));
    expect(up.code).toBe(0);
    expect(countCapacity(w.sandbox.inventory(), 'c')).toEqual(oneOfEachCapacity());
    const others = { a: countCapacity(w.sandbox.inventory(), 'a'), b: countCapacity(w.sandbox.inventory(), 'b') };

    const down = await killAtEveryBoundary(w, ['teardown', '--yes', '--stack', 'c'], 'after-teardown');
    // one kill after each of the 15 resources it removes (the service-linked role is kept)
    expect(down.kills).toBe(15);
    expect(countCapacity(w.sandbox.inventory(), 'c')).toEqual(none(oneOfEachCapacity()));
    expect(countStackResources(w.sandbox.inventory(), 'c')).toEqual(none(oneOfEach));
    expect({ a: countCapacity(w.sandbox.inventory(), 'a'), b: countCapacity(w.sandbox.inventory(), 'b') }).toEqual(
      others,
    );
    const again = await runCli(w.args('teardown', '--yes', '--stack', 'c'));
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/deleted/);

    for (const stack of ['a', 'b']) expect((await runCli(w.args('teardown', '--yes', '--stack', stack))).code).toBe(0);
    await eventually(
      () =>
        expect(withoutServiceLinkedRoles(w.sandbox.inventory())).toEqual(
          withoutServiceLinkedRoles(w.sandbox.seedInventory()),
        ),
      20_000,
    );
  }, 150_000);
});

describe('first-time setup interrupted (empty seed, --create-cluster)', () => {
  it('Given Ctrl+C while setup waits for the container instances, Then it exits 130 with progress saved, and a rerun finishes with one of each and PASS', async () => {
    world = await startWorld(60, { seed: 'empty' });
    const w = world;
    const first = startCli(w.args('setup', '--create-cluster', '--scale-to', '1'));
    let out = '';
    first.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // The capacity exists; ECS answers the instances wait's first look slowly, so the wait is on screen.
    await eventually(() => expect(out).toMatch(/created capacity-provider /), 60_000);
    w.sandbox.faults.add({ kind: 'latency', service: 'ecs', operation: 'ListContainerInstances', ms: 4000, count: 1 });
    await eventually(() => expect(out).toMatch(/container instances to register in demo-cluster/), 60_000);
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toMatch(/✗ Wait for the container instances: interrupted/);
    expect(interrupted.stdout).toMatch(/Progress is saved/);
    expect(interrupted.stdout).not.toMatch(/^PASS /m);

    const rerun = await runCli(w.args('setup', '--create-cluster', '--scale-to', '1'));
    expect(rerun.stderr).toBe('');
    expect(rerun.code).toBe(0);
    // Nothing made before the interrupt is made again
    expect(rerun.stdout).not.toMatch(
      /^ {2}created (security-group|iam-role|instance-profile|launch-template|ecs-cluster|auto-scaling-group|capacity-provider|load-balancer) /m,
    );
    expect(rerun.stdout).toMatch(/^PASS /m);
    expect(countCapacity(w.sandbox.inventory(), 'demo')).toEqual(oneOfEachCapacity());
    expect(countStackResources(w.sandbox.inventory(), 'demo')).toEqual(oneOfEach);
    expect((await runCli(w.args('teardown', '--yes'))).code).toBe(0);
    await eventually(
      () =>
        expect(withoutServiceLinkedRoles(w.sandbox.inventory())).toEqual(
          withoutServiceLinkedRoles(w.sandbox.seedInventory()),
        ),
      20_000,
    );
  }, 120_000);
});
