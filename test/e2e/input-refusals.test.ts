import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, startCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Nothing made: the sandbox is as seeded and no progress was saved. */
function nothingCreated(w: World): void {
  expect(w.sandbox.inventory()).toEqual(w.sandbox.seedInventory());
  expect(existsSync(join(w.stateDir, 'stack-demo.json'))).toBe(false);
}

describe('bad values stop setup before anything is created (built CLI, sandbox)', () => {
  it.each([
    [
      ['--allow-cidr', '203.0.113.0/33'],
      "--allow-cidr must be an IPv4 CIDR such as 0.0.0.0/0 or 203.0.113.0/24, got '203.0.113.0/33'",
    ],
    [
      ['--allow-cidr', '10.0.0.0/99'],
      "--allow-cidr must be an IPv4 CIDR such as 0.0.0.0/0 or 203.0.113.0/24, got '10.0.0.0/99'",
    ],
    [['--container-port', '0'], '--container-port must be a port 1-65535, got 0'],
    [['--container-port', '70000'], '--container-port must be a port 1-65535, got 70000'],
    [['--container-port', 'http'], "--container-port must be a port 1-65535, got 'http'"],
    [['--container-port', '-1'], "--container-port must be a port 1-65535, got '-1'"],
    [['--listener-port', '-1'], "--listener-port must be a port 1-65535, got '-1'"],
    [['--desired-count', '-1'], "--desired-count must be a whole number of tasks from 1 to 1000, got '-1'"],
    [
      ['--wait-timeout', '-5'],
      "--wait-timeout must be a duration from 1 second to 24 hours, such as 900, 90s or 15m, got '-5'",
    ],
  ])(
    'Given setup %j, Then exit 2 with one line naming the flag and the rule, and nothing is created',
    async (flags, line) => {
      world = await startWorld();
      const result = await runCli(world.args('setup', ...flags));
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`ecs-alb-wizard: ${line}\n`);
      expect(result.stdout).toBe('');
      nothingCreated(world);
    },
  );

  it('Given a step that fails headless, Then its failure is on stderr as well as in the log on stdout', async () => {
    world = await startWorld();
    world.sandbox.faults.add({ kind: 'error', service: 'elbv2', operation: 'CreateTargetGroup' });
    const result = await runCli(world.args('setup', '--scale-to', '1'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ Create the target group: /m);
    expect(result.stderr).toMatch(/^ecs-alb-wizard: Create the target group failed: /m);
    world.sandbox.faults.clear();
    expect((await runCli(world.args('teardown', '--yes'))).code).toBe(0);
  });
});

describe('judged before any region, credentials or AWS call (built CLI, no AWS at all)', () => {
  const noAws = {
    AWS_REGION: '',
    AWS_DEFAULT_REGION: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
  };

  it('Given scale 0 and no region anywhere, Then the count is what it reports, and the region when the count is fine', async () => {
    world = await startWorld();
    const zero = await runCli(['scale', '0', '--state-dir', world.stateDir], noAws);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/^ecs-alb-wizard: scale N must be a whole number of tasks from 1 to 1000, got 0/);
    const three = await runCli(['scale', '3', '--state-dir', world.stateDir], noAws);
    expect(three.stderr).toMatch(/region/i);
    expect(three.code).toBe(1);
  });

  it('Given verify --url with --expect and --expect-count, Then it is refused naming both and sends nothing', async () => {
    const result = await runCli([
      'verify',
      '--url',
      'http://127.0.0.1:9/hostname',
      '--expect',
      'a,b',
      '--expect-count',
      '2',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ecs-alb-wizard: flags --expect and --expect-count cannot be used together/);
    expect(result.stdout).toBe('');
  });

  it.skipIf(process.platform !== 'linux')(
    'Given --state-dir under /proc, Then it is refused at once (the process would spin there), exit 2',
    async () => {
      for (const command of [['status'], ['setup', '--no-input'], ['sandbox', 'serve']]) {
        const run = startCli([...command, '--state-dir', '/proc/ecs-alb-wizard-state']);
        // A safety net, not a measurement: a spinning process is killed so the test fails instead of hanging.
        const stop = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
        const result = await run.done;
        clearTimeout(stop);
        expect(result.signal, command.join(' ')).toBeNull();
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(
          'ecs-alb-wizard: --state-dir /proc/ecs-alb-wizard-state is on procfs, a kernel pseudo-file system where nothing can be saved; pick a directory on a disk\n',
        );
      }
      expect(readdirSync('/proc').includes('ecs-alb-wizard-state')).toBe(false);
    },
  );
});
