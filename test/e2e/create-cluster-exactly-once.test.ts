import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceId } from '../../source/sandbox/index.js';
import { countCapacity, oneOfEachCapacity, withoutServiceLinkedRoles } from './capacity-inventory.js';
import {
  countStackResources,
  ensureBuilt,
  eventually,
  oneOfEach,
  runCli,
  startWorld,
  type World,
} from './cli-harness.js';

let world: World;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld(600, { seed: 'empty' });
});
afterAll(async () => {
  await world.close();
});

/**
 * The first-time path's creates, each with its answer lost once: the sandbox performs the call,
 * then resets the connection, and the real SDK retries it. `count` 2 where the path makes the call
 * twice (the two managed policies; the instances' and the load balancer's security groups).
 */
const creates: [ServiceId, string, number][] = [
  ['ec2', 'CreateSecurityGroup', 2],
  ['iam', 'CreateRole', 1],
  ['iam', 'AttachRolePolicy', 2],
  ['iam', 'CreateInstanceProfile', 1],
  ['iam', 'AddRoleToInstanceProfile', 1],
  ['ec2', 'CreateLaunchTemplate', 1],
  ['ecs', 'CreateCluster', 1],
  ['ecs', 'CreateCapacityProvider', 1],
  ['ecs', 'PutClusterCapacityProviders', 1],
];

async function backToSeed(stack: string): Promise<void> {
  const teardown = await runCli(world.args('teardown', '--yes', '--stack', stack));
  expect(teardown.code).toBe(0);
  await eventually(
    () =>
      expect(withoutServiceLinkedRoles(world.sandbox.inventory())).toEqual(
        withoutServiceLinkedRoles(world.sandbox.seedInventory()),
      ),
    20_000,
  );
}

describe('first-time setup creates exactly once when a create answer is lost (empty seed, --create-cluster)', () => {
  it('Given every capacity create loses its answer once in one run, When setup --create-cluster runs, Then it PASSes with exactly one of each and teardown returns the seed', async () => {
    for (const [service, operation, count] of creates)
      world.sandbox.faults.add({ kind: 'lose-answer', service, operation, count });

    const setup = await runCli(world.args('setup', '--create-cluster', '--scale-to', '1', '--stack', 'lost'));
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    // The faults really fired: every armed lost answer was used up by the calls.
    expect(world.sandbox.faults.list()).toEqual([]);
    expect(setup.stdout).toMatch(/^PASS /m);
    expect(countCapacity(world.sandbox.inventory(), 'lost')).toEqual(oneOfEachCapacity());
    expect(countStackResources(world.sandbox.inventory(), 'lost')).toEqual(oneOfEach);

    await backToSeed('lost');
  }, 90_000);

  it('Given the Auto Scaling group create is accepted but its answer lost, When setup --create-cluster resumes, Then one group is created, adopted and recorded, and teardown returns the seed', async () => {
    // Killed after the launch template (the 4th record), so on the resume the instance profile is
    // old enough that Auto Scaling accepts the first create: the lost answer is a real success.
    const killed = await runCli(world.args('setup', '--create-cluster', '--scale-to', '1', '--stack', 'lostasg'), {
      ECS_ALB_WIZARD_CRASH_AT: 'after-record:4',
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toMatch(/created launch-template lostasg-lt /);
    world.sandbox.faults.add({
      kind: 'lose-answer',
      service: 'autoscaling',
      operation: 'CreateAutoScalingGroup',
      count: 1,
    });

    const setup = await runCli(world.args('setup', '--create-cluster', '--scale-to', '1', '--stack', 'lostasg'));
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
    expect(world.sandbox.faults.list()).toEqual([]);
    // Auto Scaling refused nothing: the lost answer was the group's creation, not a propagation refusal
    expect(setup.stdout).not.toMatch(/accept the new instance profile/);
    expect(setup.stdout).toMatch(/^ {2}created auto-scaling-group lostasg-asg/m);
    expect(countCapacity(world.sandbox.inventory(), 'lostasg')).toEqual(oneOfEachCapacity());

    await backToSeed('lostasg');
  }, 90_000);
});
