import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StackStore } from '../../source/state/store.js';
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

describe('setup, status, teardown with the built CLI against the sandbox', () => {
  it('Given the seeded sandbox, When setup runs headless, Then status shows 3 healthy targets and teardown returns the world to its seed', async () => {
    world = await startWorld();
    const w = world;

    // When
    const setup = await runCli(w.args('setup'));
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/✓ Scale the service out\n {2}3\/3 healthy targets/);
    expect(countStackResources(w.sandbox.inventory(), 'demo')).toEqual(oneOfEach);
    // Then: setup verified like the memo, with 1 task after the service step and 3 after scale-out
    const verdicts = [...setup.stdout.matchAll(/every expected backend answered: (\d+)\/(\d+) answered/g)].map(
      (m) => `${m[1]}/${m[2]}`,
    );
    expect(verdicts).toEqual(['1/1', '3/3']);
    expect(setup.stdout.match(/^PASS /gm)).toHaveLength(2);
    expect(setup.stdout).toMatch(
      /Done: stack 'demo' is up at http:\/\/demo-alb-\d+\.ap-northeast-1\.elb\.localhost\/hostname, and requests spread over every task\./,
    );

    // Then: status
    const status = await runCli(w.args('status'));
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/Service demo-svc: 3\/3 tasks running, 3\/3 targets healthy/);
    expect(status.stdout.match(/^ {2}i-0abc\w+:\d+ +healthy$/gm)).toHaveLength(3);

    // Then: scale in to 2, wait for 2 healthy targets, verify the spread over exactly those 2 tasks
    // (unwatched: the watched scale has its own tests in watch-scale.test.ts)
    const scale = await runCli(w.args('scale', '2', '--no-watch'));
    expect(scale.code).toBe(0);
    expect(scale.stdout).toMatch(/✓ Scale the service to 2\n {2}2\/2 healthy targets/);
    expect(scale.stdout).toMatch(/^PASS /m);
    expect(scale.stdout).toMatch(/every expected backend answered: 2\/2 answered/);

    // Then: teardown, and a second teardown is a no-op
    const teardown = await runCli(w.args('teardown', '--yes'));
    expect(teardown.code).toBe(0);
    expect(teardown.stdout).toMatch(
      /torn down: 8 resource\(s\) removed\. Kept: service-linked-role AWSServiceRoleForECS/,
    );
    await eventually(() => expect(withoutServiceLinkedRole(w.sandbox.inventory())).toEqual(w.sandbox.seedInventory()));
    const again = await runCli(w.args('teardown', '--yes'));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to tear down/);
  });

  it('Given setup ran with --json, Then stdout is one JSON document of the final state', async () => {
    world = await startWorld();
    const result = await runCli(
      world.args('setup', '--json', '--stack', 'js', '--desired-count', '2', '--scale-to', '2'),
    );
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      ok: boolean;
      steps: Record<string, { status: string }>;
      resources: unknown[];
      results: { 'scale-out': { healthy: number } };
    };
    expect(doc.ok).toBe(true);
    expect(Object.values(doc.steps).every((s) => s.status === 'done')).toBe(true);
    expect(doc.resources).toHaveLength(9);
    expect(doc.results['scale-out'].healthy).toBe(2);
    // The verifier's documents ride along, one per verification
    const verifications = (
      doc as unknown as { verifications: Record<string, { verdict: string; backends: unknown[] }> }
    ).verifications;
    expect(verifications.service?.verdict).toBe('PASS');
    expect(verifications['scale-out']?.verdict).toBe('PASS');
    expect(verifications['scale-out']?.backends).toHaveLength(2);
    expect((await runCli(world.args('teardown', '--yes', '--stack', 'js'))).code).toBe(0);
  });

  it('Given bad flags, Then nothing is created and the exit code is 2 with the flag named', async () => {
    world = await startWorld();
    const cases: [string[], RegExp][] = [
      [['--listener-port', '99999'], /--listener-port must be a port 1-65535/],
      [['--cluster', 'nope'], /--cluster: no cluster named 'nope'/],
      [
        ['--subnets', 'subnet-0abc00000000000a1,subnet-0abc00000000000a1'],
        /--subnets must span at least two Availability Zones/,
      ],
      [['--stack', 'bad_name'], /--stack 'bad_name' cannot be used: the target group name 'bad_name-tg' holds '_'/],
      [['--wait-timeout', 'soon'], /--wait-timeout must be a duration from 1 second to 24 hours/],
    ];
    for (const [flags, message] of cases) {
      const result = await runCli(world.args('setup', ...flags));
      expect(result.code, flags.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(countStackResources(world.sandbox.inventory(), 'demo')).toMatchObject({
      albSecurityGroups: 0,
      targetGroups: 0,
      loadBalancers: 0,
    });
  });

  it('Given --no-input and a bad --listener-port, Then setup exits 2 with that one line, saves nothing and creates nothing', async () => {
    world = await startWorld();
    const result = await runCli(world.args('setup', '--no-input', '--listener-port', '99999', '--scale-to', '2'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('ecs-alb-wizard: --listener-port must be a port 1-65535, got 99999\n');
    expect(result.stdout).toBe('');
    expect(new StackStore(world.stateDir, 'demo').get()).toBeUndefined();
    expect(world.sandbox.inventory()).toEqual(world.sandbox.seedInventory());
  });

  it('Given no terminal and no --yes, Then teardown refuses with exit 2', async () => {
    world = await startWorld();
    expect((await runCli(world.args('setup', '--scale-to', '1'))).code).toBe(0);
    const refused = await runCli(world.args('teardown'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pass --yes/);
    expect(countStackResources(world.sandbox.inventory(), 'demo')).toEqual(oneOfEach);
    expect((await runCli(world.args('teardown', '--yes'))).code).toBe(0);
  });
});

describe('any AWS-compatible endpoint', () => {
  it('Given --endpoint-url and the SDK default credential chain (env), When setup and teardown run, Then they use only AWS APIs and leave the seed', async () => {
    world = await startWorld();
    const w = world;
    const flags = [
      '--endpoint-url',
      w.sandbox.endpoint,
      '--region',
      'ap-northeast-1',
      '--state-dir',
      w.stateDir,
      '--no-input',
      '--stack',
      'ep',
    ];
    const env = { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'example', AWS_PROFILE: '' };
    const setup = await runCli(['setup', ...flags, '--scale-to', '2'], env);
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(countStackResources(w.sandbox.inventory(), 'ep')).toEqual(oneOfEach);
    const status = await runCli(['status', ...flags], env);
    expect(status.stdout).toMatch(new RegExp(`in ap-northeast-1 via ${w.sandbox.endpoint.replace(/[.]/g, '\\.')}`));
    expect((await runCli(['teardown', '--yes', ...flags], env)).code).toBe(0);
    await eventually(() => expect(withoutServiceLinkedRole(w.sandbox.inventory())).toEqual(w.sandbox.seedInventory()));
  });
});
