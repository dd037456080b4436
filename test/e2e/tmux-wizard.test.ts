import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../source/sandbox/index.js';

/**
 * The built CLI in a real terminal (tmux, 80x24) on the sandbox: Enter through the defaults to a
 * PASS with 3 backends, teardown from the wizard back to the seed, and Ctrl+C in a wait then a
 * resume with no duplicates. Each run gets its own tmux server (`-L`) and state directory.
 */
const root = resolve(import.meta.dirname, '../..');
const cli = process.env.ECS_ALB_WIZARD_CLI ?? join(root, 'dist/cli.js');
const socket = `wizard-e2e-${process.pid}`;
const session = 'wizard';
let stateDir: string;

function tmux(...args: string[]): string {
  return execFileSync('/usr/bin/tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/** The whole pane including scrollback, lines joined where the terminal wrapped them. */
function pane(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', session);
}

/** Only the visible screen: what the user sees now. */
function screen(): string {
  return tmux('capture-pane', '-p', '-t', session);
}

function keys(...names: string[]): void {
  tmux('send-keys', '-t', session, ...names);
}

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

/**
 * Starts the wizard in the pane, after clearing what an earlier run left there. CI is set, as on a
 * build machine: the wizard must draw in a terminal all the same.
 */
function runWizard(env = '', args = ''): void {
  keys('clear', 'Enter');
  tmux('clear-history', '-t', session);
  keys(`CI=true ${env} node ${cli} --sandbox --state-dir ${stateDir} ${args}; echo "[exited $?]"`, 'Enter');
}

/** The question being asked now (`? Message (--flag)`), if any. */
function currentQuestion(): string | undefined {
  const lines = screen()
    .split('\n')
    .filter((l) => l.startsWith('? '));
  return lines.at(-1);
}

/** The line under the question being asked: a text input's value. */
function answerLine(): string | undefined {
  const lines = screen().split('\n');
  const at = lines.findLastIndex((l) => l.startsWith('? '));
  return at < 0 ? undefined : lines[at + 1]?.trim();
}

/** Presses Enter at every question until `text` shows; returns the questions answered. */
async function enterThroughDefaults(text: string, stopEarly?: () => boolean): Promise<string[]> {
  const answered: string[] = [];
  let last: string | undefined;
  await until(
    `'${text}'`,
    () => {
      if (pane().includes(text) || stopEarly?.()) return true;
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

async function inventory() {
  const sandbox = await startSandbox({ stateDir: join(stateDir, 'sandbox') });
  try {
    return { now: sandbox.inventory(), seed: sandbox.seedInventory() };
  } finally {
    await sandbox.close();
  }
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  stateDir = mkdtempSync(join(tmpdir(), 'wizard-e2e-'));
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', session, '-x', '80', '-y', '24', 'bash --norc --noprofile');
  tmux('set-option', '-t', session, 'history-limit', '5000');
});

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the wizard in a terminal, on the sandbox', { timeout: 300_000 }, () => {
  it('resumes after Ctrl+C in a wait with no duplicates, reaches PASS with 3 backends, and tears down to the seed', async () => {
    // Given a new stack, with NO_COLOR set: the start screen says what will be created, in no colour
    runWizard('NO_COLOR=1');
    await shows('It will create:');
    const styled = tmux('capture-pane', '-p', '-e', '-t', session);
    expect(styled.includes('\u001B[')).toBe(false);
    keys('Enter');

    // When the user presses Enter at each question, then Ctrl+C while AWS is being waited on
    await enterThroughDefaults('usually');
    keys('C-c');

    // Then the wizard exits 130, saying progress is saved and how to resume
    await shows('[exited 130]', 30_000);
    expect(pane()).toContain('Resume with:');

    // When the wizard starts again, it offers to resume and the user resumes
    runWizard();
    await shows('Resume setup (');
    keys('Enter');
    await enterThroughDefaults('Setup complete.');

    // Then the verifier passed with 3 backends after the scale-out
    keys('q');
    await shows('[exited 0]');
    const transcript = pane();
    expect(transcript).toMatch(/PASS.*3 backends/);
    // And there is exactly one of each resource despite the interrupt
    const { now, seed } = await inventory();
    expect(now.elbv2.loadBalancers).toHaveLength(1);
    expect(now.elbv2.targetGroups).toHaveLength(1);
    expect(now.elbv2.listeners).toHaveLength(1);
    expect(now.ecs.services).toHaveLength(1);
    expect(now.ec2.securityGroups).toHaveLength((seed.ec2.securityGroups?.length ?? 0) + 1);

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
    keys('y');

    // Then each deletion shows, it ends with nothing left, and the sandbox is back at its seed
    await shows('What remains of this stack: nothing.', 120_000);
    await shows('[exited 0]');
    const after = await inventory();
    expect(after.now.elbv2).toEqual(after.seed.elbv2);
    expect(after.now.ecs).toEqual(after.seed.ecs);
    expect(after.now.ec2.securityGroups).toEqual(after.seed.ec2.securityGroups);
    // The ECS service-linked role is account-wide and kept by design
    const roleNames = (roles: unknown[] | undefined) => (roles ?? []).map((r) => (r as { name: string }).name);
    expect(roleNames(after.now.iam.roles)).toEqual([...roleNames(after.seed.iam.roles), 'AWSServiceRoleForECS']);
  });

  it('offers a finished stack scale, scales it from 1 to 3 with the lanes live, and ends with the watch verdict', async () => {
    // Given a stack set up with one task
    runWizard('', '--stack watched --scale-to 1');
    await shows('It will create:');
    keys('Enter');
    await enterThroughDefaults('Setup complete.');
    // When the user picks Scale (in or out) and asks for 3 tasks
    await until(
      'scale focused',
      () => {
        if (screen().includes('❯ Scale (in or out)')) return true;
        keys('Down');
        return undefined;
      },
      10_000,
    );
    keys('Enter');
    await shows('How many tasks should the service run? (now 1)');
    keys('3');
    await until('3 typed', () => (screen().includes('› 3') ? true : undefined), 5000);
    keys('Enter');
    // Then the watch runs, and three lanes show healthy at once within 80 columns
    await shows('Watching the scale', 60_000);
    await until(
      'three healthy lanes',
      () => (screen().match(/^[0-9a-f]{12} .* healthy /gm)?.length === 3 ? true : undefined),
      120_000,
    );
    expect(screen()).toMatch(/^failures /m);
    // And it ends with the verdict and the menu again
    await shows('scale watched', 180_000);
    // (the sandbox's load balancer follows a scale-out without a failed request)
    expect(pane()).toMatch(/✔ PASS: scale watched \d+ s, \d+ requests, 0 failed/);
    expect(pane()).toContain('Scaled to 3');
    keys('q');
    await shows('[exited 0]');
    // The stack is removed again (headless), so the sandbox holds nothing of it
    keys(
      `node ${cli} --sandbox --state-dir ${stateDir} --stack watched teardown --yes; echo "[torn down $?]"`,
      'Enter',
    );
    await shows('[torn down 0]', 120_000);
  });

  it('opens the question of a flag with a bad value showing its error, goes on with a valid value, and keeps the other flags', async () => {
    // Given --no-input, even in a terminal a bad flag ends the run at once, naming it
    runWizard('', '--stack flags --no-input --listener-port 99999');
    await shows('[exited 2]');
    expect(pane()).toContain('ecs-alb-wizard: --listener-port must be a port 1-65535, got 99999\n[exited 2]');

    // Given a bad --listener-port and a good --allow-cidr, on a stack of its own
    runWizard('', '--stack flags --listener-port 99999 --allow-cidr 10.0.0.0/8');
    await shows('It will create:');
    keys('Enter');
    // When the user presses Enter through the cluster and subnets questions
    await enterThroughDefaults(
      '--listener-port must be a port 1-65535',
      () => currentQuestion()?.includes('listen on') === true,
    );
    // Then the listener port question is open, with the flag's error under it
    await shows('✖ --listener-port must be a port 1-65535, got 99999');
    expect(currentQuestion()).toContain('Which port should the load balancer listen on');
    // When the user replaces the value with 8080, one key press at a time
    for (let left = 4; left >= 0; left--) {
      keys('BSpace');
      await until(
        `the field at '${'9'.repeat(left)}'`,
        () => (answerLine() === '9'.repeat(left) ? true : undefined),
        5000,
      );
    }
    keys('8080');
    await until(
      '8080 typed, the error gone',
      () => (answerLine() === '8080' && !screen().includes('✖') ? true : undefined),
      5000,
    );
    keys('Enter');
    // Then the wizard goes on; the CIDR came from its flag, so the host port range is next
    await until(
      'the host port range question',
      () => (currentQuestion()?.includes('Which host port range') ? true : undefined),
      10_000,
    );
    expect(pane()).toContain('Which port should the load balancer listen on (HTTP)? 8080');
    expect(pane()).not.toContain('Which client addresses');
    keys('C-c');
    await shows('[exited 130]', 30_000);
  });
});
