import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CreateRouteCommand, DeleteRouteCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClients } from '../helpers/sandbox.js';
import { countCapacity, oneOfEachCapacity, withoutServiceLinkedRoles } from './capacity-inventory.js';
import { startWorld, type World } from './cli-harness.js';

/**
 * A newcomer's first run of the built CLI in a real terminal (tmux, 80x24) on an account with only
 * the default VPC (the sandbox's empty seed, served from this process so the test can read its
 * inventory and hold the instances' agents back): the wizard offers to create the cluster first,
 * Enter through the defaults creates it, the instances table shows during the wait, setup ends with
 * PASS, and teardown from the wizard returns the world to its seed.
 */
const root = resolve(import.meta.dirname, '../..');
const cli = process.env.ECS_ALB_WIZARD_CLI ?? join(root, 'dist/cli.js');
const socket = `first-time-e2e-${process.pid}`;
const session = 'wizard';
let world: World;

function tmux(...args: string[]): string {
  return execFileSync('/usr/bin/tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/** The whole pane including scrollback, lines joined where the terminal wrapped them. */
const pane = () => tmux('capture-pane', '-p', '-J', '-S', '-3000', '-t', session);
/** Only the visible screen: what the user sees now. */
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...names: string[]) => void tmux('send-keys', '-t', session, ...names);

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const shows = (text: string, timeoutMs?: number) =>
  until(`'${text}'`, () => (pane().includes(text) ? true : undefined), timeoutMs);

function runWizard(args = ''): void {
  keys('clear', 'Enter');
  tmux('clear-history', '-t', session);
  keys(`CI=true node ${cli} --sandbox --state-dir ${world.stateDir} ${args}; echo "[exited $?]"`, 'Enter');
}

const currentQuestion = () =>
  screen()
    .split('\n')
    .filter((l) => l.startsWith('? '))
    .at(-1);

/** Presses Enter at every new question until `done` holds; returns the questions answered. */
async function enterThroughDefaults(what: string, done: () => boolean): Promise<string[]> {
  const answered: string[] = [];
  let last: string | undefined;
  await until(
    what,
    () => {
      if (done()) return true;
      const question = currentQuestion();
      if (question && question !== last) {
        last = question;
        answered.push(question);
        keys('Enter');
      }
      return undefined;
    },
    120_000,
  );
  return answered;
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  // 20x: the load balancer takes ~7 s, an instance boots in ~2 s
  world = await startWorld(20, { seed: 'empty' });
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'bash --norc --noprofile');
  tmux('set-option', '-t', session, 'history-limit', '5000');
});

afterAll(async () => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  await world.close();
});

describe('the wizard on an account with no cluster (empty seed, tmux 80x24)', { timeout: 240_000 }, () => {
  it('offers to create the cluster first, creates it with the defaults, shows the instances while they register, PASSes, and tears down to the seed', async () => {
    const ec2 = sandboxClients(`http://127.0.0.1:${world.sandbox.port}`, world.sandbox.region).ec2;
    const inventory = () => world.sandbox.inventory();
    const mainTable = (
      inventory().ec2.routeTables as {
        id: string;
        main: boolean;
        routes: { destination: string; gatewayId?: string }[];
      }[]
    ).find((t) => t.main)!;
    const igw = mainTable.routes.find((r) => r.destination === '0.0.0.0/0')!.gatewayId!;

    // Given an account with no cluster, When the wizard starts and the user starts setup
    runWizard();
    await shows('It will create:');
    keys('Enter');

    // Then the cluster question offers creating one first, preselected
    await shows('No ECS cluster in ap-northeast-1 has EC2 container instances');
    const focused = screen()
      .split('\n')
      .find((l) => l.startsWith('❯ '));
    expect(focused).toMatch(/^❯ Create a new cluster demo-cluster/);

    // While the instances boot, their subnets lose the internet route, so their agents cannot
    // register yet (as when a NAT gateway is still coming up): the wait must show them.
    let held = false;
    const hold = (async () => {
      await until('the Auto Scaling group', () =>
        (inventory().autoscaling.groups as { name: string }[]).some((g) => g.name === 'demo-asg') ? true : undefined,
      );
      await ec2.send(new DeleteRouteCommand({ RouteTableId: mainTable.id, DestinationCidrBlock: '0.0.0.0/0' }));
      held = true;
    })();

    // When the user presses Enter at every question
    const tableShown = () => /^ {2}instance {13}AZ {15}EC2 state {5}ECS$/m.test(screen());
    const answered = await enterThroughDefaults('the instances table', tableShown);
    await hold;
    expect(held).toBe(true);
    expect(answered[0]).toMatch(/create one with\s*$|--create-cluster/);
    expect(answered.some((q) => q.includes('Which EC2 instance type'))).toBe(true);

    // Then the wait for the instances names them, their AZ and EC2 state, not yet registered
    await until('two running instances not yet registered', () =>
      screen().match(/^ {2}i-[0-9a-f]{17} +ap-northeast-1[a-d] +running +not yet$/gm)?.length === 2 ? true : undefined,
    );
    const waitScreen = screen();
    expect(waitScreen).toMatch(/2 container instances to register in demo-cluster/);

    // When the route is back, the agents register and setup goes on to the end
    await ec2.send(
      new CreateRouteCommand({ RouteTableId: mainTable.id, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }),
    );
    await until('both registered', () =>
      /registered 2\/2|✔ Wait for the container instances/.test(pane()) ? true : undefined,
    );
    await enterThroughDefaults("'Setup complete.'", () => pane().includes('Setup complete.'));

    // Then the verifier passed with 3 backends on the new instances, and there is one of each
    expect(pane()).toMatch(/PASS with 3 backends/);
    expect(pane()).toMatch(/waited: 2 container instances to register in demo-cluster/);
    expect(countCapacity(inventory(), 'demo')).toEqual(oneOfEachCapacity());
    keys('q');
    await shows('[exited 0]');

    // When the user picks teardown in the wizard and confirms
    runWizard();
    await shows('Tear down');
    await until(
      'teardown focused',
      () => {
        if (screen().includes('❯ Tear down')) return true;
        keys('Down');
        return undefined;
      },
      10_000,
    );
    keys('Enter');
    await shows('Tear down will delete, in this order:');
    const confirm = screen();
    for (const kind of ['capacity-provider', 'auto-scaling-group', 'ecs-cluster', 'launch-template', 'iam-role'])
      expect(confirm).toContain(`• ${kind}`);
    keys('y');

    // Then it ends with nothing left, and the sandbox is back at its seed
    await shows('What remains of this stack: nothing.', 120_000);
    await shows('[exited 0]');
    const seed = JSON.stringify(withoutServiceLinkedRoles(world.sandbox.seedInventory()));
    await until(
      'the seed',
      () => (JSON.stringify(withoutServiceLinkedRoles(inventory())) === seed ? true : undefined),
      20_000,
    );
    expect(withoutServiceLinkedRoles(inventory())).toEqual(withoutServiceLinkedRoles(world.sandbox.seedInventory()));
  });
});
