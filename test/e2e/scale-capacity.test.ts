import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('scale beyond what the cluster can hold', () => {
  it("Given the memo's two instances and tasks of 1024 MiB (six fit), When scale 8 runs, Then it fails on the placement, naming the count, insufficient memory and the ways out, not the timeout", async () => {
    // Given
    world = await startWorld();
    const setup = await runCli(world.args('setup', '--memory', '1024', '--scale-to', '2'));
    expect(setup.code).toBe(0);

    // When: the wait would allow ten minutes
    const scale = await runCli(world.args('scale', '8', '--wait-timeout', '10m'));

    // Then: the command ended on ECS's placement failure, with what to do about it
    expect(scale.code).toBe(1);
    const failure =
      /^✗ Scale the service to 8: ECS placed 6 of 8 tasks and cannot place the rest: insufficient memory \(service event: \(service demo-svc\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance \w+\) has insufficient memory available\.\)\. Ways out: ask for at most 6 tasks, reserve less memory per task \(--memory\), or add container instances to cluster ecs-demo$/m;
    expect(scale.stdout).toMatch(failure);
    expect(scale.stdout.trimEnd().split('\n').at(-1)).toMatch(failure);
    expect(scale.stdout).not.toContain('run the same command again');
    expect(scale.stdout).toMatch(/… 8 healthy targets for service demo-svc: .*unable to place 2: insufficient memory/);
    expect(`${scale.stdout}${scale.stderr}`).not.toMatch(/timed out/);

    // And: the service keeps its tasks; scaling to what fits gets there (the verdict after it is the verifier's)
    const fits = await runCli(world.args('scale', '6', '--no-watch'));
    expect(fits.stdout).toMatch(/✓ Scale the service to 6\n {2}6\/6 healthy targets/);
  });
});
