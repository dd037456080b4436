import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import { sandboxClients } from '../helpers/sandbox.js';
import {
  countStackResources,
  ensureBuilt,
  eventually,
  runCli,
  startCli,
  startWorld,
  withoutServiceLinkedRole,
  type World,
} from './cli-harness.js';

/** What setup creates, in order, once the account has the ECS service-linked role. */
const creates = [
  ['security-group', 'albSecurityGroups'],
  ['ingress-rule', 'ingressRules'],
  ['target-group', 'targetGroups'],
  ['load-balancer', 'loadBalancers'],
  ['listener', 'listeners'],
  ['listener-rule', 'listenerRules'],
  ['task-definition', 'taskDefinitions'],
  ['service', 'services'],
] as const;

const none = Object.fromEntries(creates.map(([, key]) => [key, 0]));

function stateFile(w: World, stack: string): string {
  return join(w.stateDir, `stack-${stack}.json`);
}

function saved(w: World, stack: string): RecordedResource[] {
  const file = stateFile(w, stack);
  if (!existsSync(file)) return [];
  return (JSON.parse(readFileSync(file, 'utf8')) as { record: { resources: RecordedResource[] } }).record.resources;
}

async function expectSeed(w: World): Promise<void> {
  await eventually(() => expect(withoutServiceLinkedRole(w.sandbox.inventory())).toEqual(w.sandbox.seedInventory()));
}

let world: World;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld();
  // With the role present, every create boundary is a resource teardown deletes.
  const { iam } = sandboxClients(world.sandbox.endpoint, world.sandbox.region);
  await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
  iam.destroy();
});
afterAll(async () => world.close());

describe('teardown finds what a crash hid (setup killed after a create returned, before it was recorded)', () => {
  it.each(creates.map(([kind, key], i) => [i + 1, kind, key] as const))(
    'Given setup killed at create boundary %i (%s created, not recorded), When teardown --yes runs, Then it finds it by its tag, the sandbox is back to its seed, and only then the state file is gone',
    async (n, kind, key) => {
      const stack = `hid${n}`;
      // Given
      const setup = await runCli(world.args('setup', '--stack', stack), {
        ECS_ALB_WIZARD_CRASH_AT: `before-record:${n}`,
      });
      expect(setup.signal).toBe('SIGKILL');
      expect(saved(world, stack).map((r) => r.kind)).toEqual(creates.slice(0, n - 1).map(([k]) => k));
      expect(countStackResources(world.sandbox.inventory(), stack)[key]).toBe(1);

      // When
      const teardown = await runCli(world.args('teardown', '--yes', '--stack', stack));

      // Then
      expect(teardown.stderr).toBe('');
      expect(teardown.code).toBe(0);
      expect(teardown.stdout).toMatch(new RegExp(`${kind} .*\\(found by tag\\)`));
      expect(teardown.stdout).toMatch(new RegExp(`torn down: ${n} resource\\(s\\) removed`));
      expect(countStackResources(world.sandbox.inventory(), stack)).toEqual(none);
      expect(existsSync(stateFile(world, stack))).toBe(false);
      await expectSeed(world);

      // A second teardown is a no-op.
      const again = await runCli(world.args('teardown', '--yes', '--stack', stack));
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/Nothing to tear down/);
    },
    60_000,
  );

  it('Given setup killed before recording the load balancer and a teardown killed after its first deletion, When teardown runs again, Then it finishes from the saved progress and the sandbox is back to its seed', async () => {
    const stack = 'part';
    const setup = await runCli(world.args('setup', '--stack', stack), { ECS_ALB_WIZARD_CRASH_AT: 'before-record:4' });
    expect(setup.signal).toBe('SIGKILL');

    const first = await runCli(world.args('teardown', '--yes', '--stack', stack), {
      ECS_ALB_WIZARD_CRASH_AT: 'after-teardown:1',
    });
    expect(first.signal).toBe('SIGKILL');
    expect(countStackResources(world.sandbox.inventory(), stack).loadBalancers).toBe(0);
    expect(saved(world, stack).map((r) => r.kind)).toEqual(['security-group', 'ingress-rule', 'target-group']);

    const second = await runCli(world.args('teardown', '--yes', '--stack', stack));
    expect(second.code).toBe(0);
    expect(countStackResources(world.sandbox.inventory(), stack)).toEqual(none);
    expect(existsSync(stateFile(world, stack))).toBe(false);
    await expectSeed(world);
  }, 60_000);

  it('Given a finished setup whose state file was lost, When teardown --yes runs, Then it finds every resource by name and tag (service in any cluster, ingress rule by its source group) and returns the seed', async () => {
    const stack = 'lost';
    expect((await runCli(world.args('setup', '--stack', stack, '--scale-to', '2'))).code).toBe(0);
    rmSync(stateFile(world, stack));

    const teardown = await runCli(world.args('teardown', '--yes', '--stack', stack));
    expect(teardown.stderr).toBe('');
    expect(teardown.code).toBe(0);
    expect(teardown.stdout).toMatch(/torn down: 8 resource\(s\) removed/);
    expect(countStackResources(world.sandbox.inventory(), stack)).toEqual(none);
    expect(existsSync(stateFile(world, stack))).toBe(false);
    await expectSeed(world);
  }, 90_000);

  it('Given Ctrl+C during the load balancer wait, When teardown --yes runs (not setup), Then the sandbox is back to its seed', async () => {
    const slow = await startWorld(60);
    try {
      const first = startCli(slow.args('setup', '--stack', 'int'));
      let out = '';
      first.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await eventually(() => expect(out).toContain('load balancer int-alb to become active'), 30_000);
      first.child.kill('SIGINT');
      expect((await first.done).code).toBe(130);

      const teardown = await runCli(slow.args('teardown', '--yes', '--stack', 'int'));
      expect(teardown.code).toBe(0);
      expect(countStackResources(slow.sandbox.inventory(), 'int')).toEqual(none);
      expect(existsSync(stateFile(slow, 'int'))).toBe(false);
      await eventually(() =>
        expect(withoutServiceLinkedRole(slow.sandbox.inventory())).toEqual(slow.sandbox.seedInventory()),
      );
    } finally {
      await slow.close();
    }
  }, 120_000);

  it('Given setup SIGKILLed while it waits for the load balancer, When teardown --yes runs, Then the sandbox is back to its seed', async () => {
    const stack = 'kill';
    const first = startCli(world.args('setup', '--stack', stack));
    let out = '';
    first.child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await eventually(() => expect(out).toContain(`created load-balancer ${stack}-alb`), 30_000);
    first.child.kill('SIGKILL');
    await first.done;

    const teardown = await runCli(world.args('teardown', '--yes', '--stack', stack));
    expect(teardown.code).toBe(0);
    expect(countStackResources(world.sandbox.inventory(), stack)).toEqual(none);
    await expectSeed(world);
  }, 60_000);
});
