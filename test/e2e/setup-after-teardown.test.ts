import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  countStackResources,
  ensureBuilt,
  eventually,
  oneOfEach,
  runCli,
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

describe('setup after an interrupted teardown', () => {
  it.each([1, 4, 7])(
    'Given a teardown killed after its deletion number %i, When setup runs again, Then it rebuilds what was deleted (one of each), verifies it, and never reports the removed parts as up',
    async (deletions) => {
      world = await startWorld();
      const w = world;
      expect((await runCli(w.args('setup'))).code).toBe(0);

      const killed = await runCli(w.args('teardown', '--yes'), {
        ECS_ALB_WIZARD_CRASH_AT: `after-teardown:${deletions}`,
      });
      expect(killed.signal).toBe('SIGKILL');

      // What teardown removed, and every step built on it, no longer reads as done or verified.
      const status = await runCli(w.args('status'));
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/Create the ECS service behind the load balancer \(pending\)/);
      expect(status.stdout).toMatch(/Scale the service out \(pending\)/);
      expect(status.stdout).not.toMatch(/after scale-out: PASS/);

      const again = await runCli(w.args('setup'));
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      // The steps whose resources teardown removed ran again rather than being skipped as done.
      expect(again.stdout).not.toMatch(/Create the ECS service behind the load balancer \(done earlier\)/);
      expect(again.stdout).not.toMatch(/Scale the service out \(done earlier\)/);
      expect(again.stdout).toMatch(/✓ Scale the service out/);
      expect(again.stdout).toMatch(/PASS with 3 backends|3\/3 answered/);
      expect(countStackResources(w.sandbox.inventory(), 'demo')).toEqual(oneOfEach);

      expect((await runCli(w.args('teardown', '--yes'))).code).toBe(0);
      await eventually(() =>
        expect(withoutServiceLinkedRole(w.sandbox.inventory())).toEqual(w.sandbox.seedInventory()),
      );
    },
    120_000,
  );
});
