import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

let world: World;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld();
});
afterAll(async () => {
  await world.close();
});

describe('names derived from --stack are checked before anything is created', () => {
  it.each([
    [
      'internal',
      /^ecs-alb-wizard: --stack 'internal' cannot be used: the load balancer name 'internal-alb' begins with 'internal-'/,
    ],
    [
      'a30-characters-long-stack-name',
      /^ecs-alb-wizard: --stack must be at most 28 characters, got 30: the load balancer name 'a30-characters-long-stack-name-alb' would be 34, AWS allows 32$/,
    ],
    ['sg-x', /^ecs-alb-wizard: --stack 'sg-x' cannot be used: the security group name 'sg-x-alb-sg' begins with 'sg-'/],
  ])(
    'Given setup --stack %s, When it runs, Then it exits 2 with one line naming --stack and creates nothing',
    async (stack, message) => {
      const result = await runCli(world.args('setup', '--stack', stack));
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(result.stdout).toBe('');
      expect(world.sandbox.inventory()).toEqual(world.sandbox.seedInventory());
    },
  );

  it('Given a stack of 28 characters (the longest every name allows), When plan runs, Then it is accepted', async () => {
    const result = await runCli(world.args('plan', '--stack', 'a28-characters-long-stack-na'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('a28-characters-long-stack-na-alb');
  });
});
