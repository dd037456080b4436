import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, eventually, runCli, startWorld, withoutServiceLinkedRole, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const env = { AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_REGION: 'ap-northeast-1' };

describe('--endpoint-url pointing at a running sandbox', () => {
  it('Given setup through --endpoint-url, When verify runs the same way, Then it reaches the load balancer nodes (no ENOTFOUND) and PASSes', async () => {
    world = await startWorld();
    const w = world;
    const args = (...more: string[]) => [
      ...more,
      '--endpoint-url',
      w.sandbox.endpoint,
      '--no-input',
      '--state-dir',
      w.stateDir,
    ];

    // Given: setup verifies after the service step and after scale-out, through the nodes
    const setup = await runCli(args('setup'), env);
    expect(setup.stderr).not.toMatch(/ENOTFOUND/);
    expect(setup.code).toBe(0);
    expect(setup.stdout.match(/^PASS /gm)).toHaveLength(2);

    // When verify runs on its own, Then it finds the nodes again and PASSes over the 3 tasks
    const verify = await runCli(args('verify'), env);
    expect(`${verify.stdout}${verify.stderr}`).not.toMatch(/ENOTFOUND/);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/^PASS /m);
    expect(verify.stdout).toMatch(/every expected backend answered: 3\/3 answered/);

    // And teardown leaves the seed
    const teardown = await runCli(args('teardown', '--yes'), env);
    expect(teardown.code).toBe(0);
    await eventually(() => expect(withoutServiceLinkedRole(w.sandbox.inventory())).toEqual(w.sandbox.seedInventory()));
  });
});
