import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CrashPoint } from '../../source/engine/deps.js';
import {
  countStackResources,
  ensureBuilt,
  eventually,
  oneOfEach,
  runCli,
  startCli,
  startWorld,
  withoutServiceLinkedRole,
  type World,
} from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/**
 * Runs `command` with the CLI set to SIGKILL itself the first time it reaches `point`, again and
 * again until a run completes: each run dies at the next resource boundary, so every boundary is
 * hit once. Returns how many runs were killed.
 */
async function killAtEveryBoundary(w: World, command: string[], point: CrashPoint): Promise<number> {
  let kills = 0;
  for (let run = 0; run < 15; run++) {
    const result = await runCli(w.args(...command), { ECS_ALB_WIZARD_CRASH_AT: `${point}:1` });
    if (result.signal === 'SIGKILL') {
      kills++;
      continue;
    }
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return kills;
  }
  throw new Error(`${command.join(' ')} never completed`);
}

describe('crash safety (SIGKILL at every resource boundary)', () => {
  it('Given setup killed right after each resource is recorded, When rerun each time, Then it completes with exactly one of each and teardown (killed after each deletion) returns the seed', async () => {
    world = await startWorld();
    const w = world;

    // 9 resources: ALB group, ingress rule, target group, ALB, listener, rule, service-linked role, task definition, service
    expect(await killAtEveryBoundary(w, ['setup', '--stack', 'a'], 'after-record')).toBe(9);
    expect(countStackResources(w.sandbox.inventory(), 'a')).toEqual(oneOfEach);

    // A second stack, killed after each create returned but BEFORE it was recorded: found by name/tag on rerun.
    expect(await killAtEveryBoundary(w, ['setup', '--stack', 'b'], 'before-record')).toBe(8);
    expect(countStackResources(w.sandbox.inventory(), 'b')).toEqual(oneOfEach);
    expect(countStackResources(w.sandbox.inventory(), 'a')).toEqual(oneOfEach);

    // Teardown killed after each resource it removes (9 points for stack a, the role is kept but counted).
    expect(await killAtEveryBoundary(w, ['teardown', '--yes', '--stack', 'a'], 'after-teardown')).toBe(9);
    expect(countStackResources(w.sandbox.inventory(), 'a')).toEqual(
      Object.fromEntries(Object.keys(oneOfEach).map((k) => [k, 0])),
    );
    expect(countStackResources(w.sandbox.inventory(), 'b')).toEqual(oneOfEach);
    expect((await runCli(w.args('teardown', '--yes', '--stack', 'b'))).code).toBe(0);

    await eventually(() => expect(withoutServiceLinkedRole(w.sandbox.inventory())).toEqual(w.sandbox.seedInventory()));
  }, 240_000);

  it('Given a setup is running on a stack, When a second setup starts on it, Then the second is refused naming the first pid', async () => {
    world = await startWorld();
    const w = world;
    const first = startCli(w.args('setup'));
    const lockFile = join(w.stateDir, 'stack-demo.lock');
    await eventually(() => expect(existsSync(lockFile)).toBe(true), 20_000);
    first.child.kill('SIGSTOP');
    try {
      const second = await runCli(w.args('setup'));
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(`stack 'demo' is in use by another ecs-alb-wizard process \\(pid ${first.child.pid}, setup since`),
      );
    } finally {
      first.child.kill('SIGCONT');
    }
    expect((await first.done).code).toBe(0);
    expect(countStackResources(w.sandbox.inventory(), 'demo')).toEqual(oneOfEach);
    expect((await runCli(w.args('teardown', '--yes'))).code).toBe(0);
  });

  it('Given Ctrl+C during the load balancer wait, Then setup stops with exit 130 and progress saved, and a rerun finishes without duplicates', async () => {
    world = await startWorld(60);
    const w = world;
    const first = startCli(w.args('setup'));
    let out = '';
    first.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await eventually(() => expect(out).toContain('load balancer demo-alb to become active'), 30_000);
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stdout).toMatch(/✗ Create the Application Load Balancer: interrupted/);
    expect(interrupted.stdout).toMatch(/Progress is saved/);

    const rerun = await runCli(w.args('setup'));
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/found load-balancer demo-alb/);
    expect(countStackResources(w.sandbox.inventory(), 'demo')).toEqual(oneOfEach);
    expect((await runCli(w.args('teardown', '--yes'))).code).toBe(0);
  }, 120_000);
});
