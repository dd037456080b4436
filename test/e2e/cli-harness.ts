import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../../source/sandbox/index.js';
import type { Inventory } from '../../source/sandbox/index.js';
import { sandboxStateDir } from '../../source/state/paths.js';

const DIST = resolve(import.meta.dirname, '../../dist');
let CLI = join(DIST, 'cli.js');

/**
 * Builds the bundle when it is missing (`npm test` builds it first), then runs a private copy of
 * it, so a rebuild of dist/ while the tests run cannot pull chunks from under a subprocess.
 */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) {
    const out = spawnSync('node', ['scripts/build.mjs'], {
      cwd: resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    if (out.status !== 0) throw new Error(`build failed: ${out.stderr}`);
  }
  const copy = mkdtempSync(join(tmpdir(), 'e2e-dist-'));
  cpSync(DIST, copy, { recursive: true });
  CLI = join(copy, 'cli.js');
}

export type CliResult = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

/** Starts the built CLI as a subprocess (no TTY). */
export function startCli(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolvePromise) => {
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/**
 * A sandbox world served from this process (`serve` mode, fast clock) that the CLI's `--sandbox`
 * joins through the state dir, so every command sees one live world. `seed.instanceZones` places
 * the cluster's instances in those AZs (one each) instead of the memo's two; `seed.seed: 'empty'`
 * starts from only the default VPC (the first-time path, `--create-cluster`).
 */
export type World = { stateDir: string; sandbox: Sandbox; args(...more: string[]): string[]; close(): Promise<void> };

export async function startWorld(
  timeScale = 600,
  seed: { instanceZones?: readonly string[]; seed?: 'memo' | 'empty' } = {},
): Promise<World> {
  const stateDir = await mkdtemp(join(tmpdir(), 'e2e-stack-'));
  const sandbox = await startSandbox({ stateDir: sandboxStateDir(stateDir), timeScale, mode: 'serve', ...seed });
  return {
    stateDir,
    sandbox,
    args: (...more) => [...more, '--sandbox', '--no-input', '--state-dir', stateDir],
    async close() {
      await sandbox.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** The inventory without the service-linked role, which teardown keeps on purpose. */
export function withoutServiceLinkedRole(inventory: Inventory): Inventory {
  const roles = (inventory.iam.roles ?? []) as { name: string }[];
  return { ...inventory, iam: { ...inventory.iam, roles: roles.filter((r) => r.name !== 'AWSServiceRoleForECS') } };
}

/** Polls until `check` passes (or throws its last failure after `timeoutMs`). */
export async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

type Named = { name?: string; family?: string; id?: string; sourceGroupId?: string; status?: string };

/** How many of each resource a stack has in the sandbox: a complete setup has exactly one of each. */
export function countStackResources(inventory: Inventory, stack: string): Record<string, number> {
  const groups = inventory.ec2.securityGroups as (Named & { rules: Named[] })[];
  const albGroup = groups.filter((g) => g.name === `${stack}-alb-sg`);
  const lbs = (inventory.elbv2.loadBalancers as (Named & { listeners: { arn: string }[] })[]).filter(
    (lb) => lb.name === `${stack}-alb`,
  );
  const listenerArns = lbs.flatMap((lb) => lb.listeners.map((l) => l.arn));
  const rules = (inventory.elbv2.rules as { listenerArn: string; priority: string }[]).filter(
    (r) => listenerArns.includes(r.listenerArn) && r.priority !== 'default',
  );
  return {
    albSecurityGroups: albGroup.length,
    ingressRules: groups.flatMap((g) => g.rules).filter((r) => albGroup.some((a) => a.id === r.sourceGroupId)).length,
    targetGroups: (inventory.elbv2.targetGroups as Named[]).filter((t) => t.name === `${stack}-tg`).length,
    loadBalancers: lbs.length,
    listeners: listenerArns.length,
    listenerRules: rules.length,
    taskDefinitions: (inventory.ecs.taskDefinitions as Named[]).filter((t) => t.family === `${stack}-hostname`).length,
    services: (inventory.ecs.services as Named[]).filter((s) => s.name === `${stack}-svc`).length,
  };
}

export const oneOfEach = {
  albSecurityGroups: 1,
  ingressRules: 1,
  targetGroups: 1,
  loadBalancers: 1,
  listeners: 1,
  listenerRules: 1,
  taskDefinitions: 1,
  services: 1,
};
