import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceId } from '../../source/sandbox/index.js';
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

let world: World;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

const none = Object.fromEntries(Object.keys(oneOfEach).map((k) => [k, 0]));

/**
 * Each create the wizard makes, with its answer lost: the sandbox performs the call, then resets
 * the connection, and the real SDK retries it. `count` 2 for AuthorizeSecurityGroupIngress loses
 * both rules' answers (the load balancer's own and the instances').
 */
const creates: [string, ServiceId, string, number][] = [
  ['security group', 'ec2', 'CreateSecurityGroup', 1],
  ['ingress rules', 'ec2', 'AuthorizeSecurityGroupIngress', 2],
  ['target group', 'elbv2', 'CreateTargetGroup', 1],
  ['load balancer', 'elbv2', 'CreateLoadBalancer', 1],
  ['listener', 'elbv2', 'CreateListener', 1],
  ['listener rule', 'elbv2', 'CreateRule', 1],
  ['task definition', 'ecs', 'RegisterTaskDefinition', 1],
  ['service', 'ecs', 'CreateService', 1],
];

describe('exactly-once creates (the answer to a create call is lost and the SDK retries it)', () => {
  it.each(creates)(
    'Given the answer to the %s create is lost, When setup runs, Then it completes with exactly one of each and teardown returns the seed',
    async (what, service, operation, count) => {
      const stack = `lost-${operation.toLowerCase()}`.slice(0, 28);
      world.sandbox.faults.add({ kind: 'lose-answer', service, operation, count });

      const setup = await runCli(world.args('setup', '--stack', stack));
      expect(setup.stderr).toBe('');
      expect(setup.code).toBe(0);
      // The fault really fired: every armed lost answer was used up by the create.
      expect(world.sandbox.faults.list()).toEqual([]);
      expect(countStackResources(world.sandbox.inventory(), stack), what).toEqual(oneOfEach);

      const teardown = await runCli(world.args('teardown', '--yes', '--stack', stack));
      expect(teardown.code).toBe(0);
      expect(countStackResources(world.sandbox.inventory(), stack)).toEqual(none);
      await eventually(() =>
        expect(withoutServiceLinkedRole(world.sandbox.inventory())).toEqual(world.sandbox.seedInventory()),
      );
    },
    60_000,
  );

  it('Given every create loses its answer once in one run, When setup runs, Then nothing is made twice and teardown returns the seed', async () => {
    for (const [, service, operation, count] of creates)
      world.sandbox.faults.add({ kind: 'lose-answer', service, operation, count });
    const setup = await runCli(world.args('setup', '--stack', 'lost-all'));
    expect(setup.code).toBe(0);
    expect(world.sandbox.faults.list()).toEqual([]);
    expect(countStackResources(world.sandbox.inventory(), 'lost-all')).toEqual(oneOfEach);
    expect(setup.stdout).toMatch(/deregistered lost-all-hostname:1: a second copy of this registration/);
    expect((await runCli(world.args('teardown', '--yes', '--stack', 'lost-all'))).code).toBe(0);
    await eventually(() =>
      expect(withoutServiceLinkedRole(world.sandbox.inventory())).toEqual(world.sandbox.seedInventory()),
    );
  }, 60_000);
});
