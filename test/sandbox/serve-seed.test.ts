import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListClustersCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxClients } from '../helpers/sandbox.js';
import { type CliProcess, runCli } from './cli-process.js';
import { waitFor } from './fixtures.js';

const children: ChildProcessWithoutNullStreams[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function cli(args: string[]): CliProcess {
  const run = runCli(args);
  children.push(run.child);
  return run;
}

async function serve(stateDir: string, seed: string): Promise<CliProcess & { endpoint: string }> {
  const run = cli(['sandbox', 'serve', '--port', '0', '--state-dir', stateDir, '--seed', seed]);
  const endpoint = await waitFor(
    'the endpoint line',
    () => /Sandbox endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out())?.[1],
    20_000,
  );
  return { ...run, endpoint };
}

async function clustersAndInstances(endpoint: string): Promise<[number, number]> {
  const c = sandboxClients(endpoint);
  try {
    const clusters = (await c.ecs.send(new ListClustersCommand({}))).clusterArns ?? [];
    const reservations = (await c.ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
    return [clusters.length, reservations.length];
  } finally {
    for (const client of Object.values(c)) client.destroy();
  }
}

describe('ecs-alb-wizard sandbox serve --seed', () => {
  it.each([['nope'], ['EMPTY'], ['']])(
    "Given --seed '%s', then it exits 2 with one line naming --seed and the choices, creating nothing",
    async (value) => {
      const dir = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
      dirs.push(dir);
      const run = cli(['sandbox', 'serve', '--port', '0', '--state-dir', dir, '--seed', value]);
      expect(await run.exit).toBe(2);
      const lines = run.err().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('--seed must be one of memo, empty');
      expect(run.out()).not.toContain('Sandbox endpoint');
    },
  );

  it('Given --seed empty on a new state dir, then the world has no cluster and no instance; a later --seed memo on it keeps that world and says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
    dirs.push(dir);
    const first = await serve(dir, 'empty');
    expect(first.out()).toContain('Seed: empty');
    expect(await clustersAndInstances(first.endpoint)).toEqual([0, 0]);
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);

    const second = await serve(dir, 'memo');
    expect(second.out()).toContain('Seed: empty');
    expect(second.err()).toContain('started from the empty seed; it is kept');
    expect(await clustersAndInstances(second.endpoint)).toEqual([0, 0]);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  });

  it('Given no --seed, then a new world is the memo one (cluster ecs-demo, two instances)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-seed-'));
    dirs.push(dir);
    const run = cli(['sandbox', 'serve', '--port', '0', '--state-dir', dir]);
    const endpoint = await waitFor('the endpoint', () => /Sandbox endpoint: (\S+)/.exec(run.out())?.[1], 20_000);
    expect(run.out()).toContain('Seed: memo');
    expect(await clustersAndInstances(endpoint)).toEqual([1, 2]);
  });
});
