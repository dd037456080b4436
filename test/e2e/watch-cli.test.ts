import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchReport } from '../../verify/watch-types.js';
import { ensureBuilt, eventually, runCli, startCli, startWorld, type World } from './cli-harness.js';

let world: World;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld(20);
  const setup = await runCli(world.args('setup', '--scale-to', '2'));
  expect(setup.code, setup.stdout + setup.stderr).toBe(0);
}, 120_000);
afterAll(() => world?.close());

describe('verify --watch and the watch flags', () => {
  it('Given a stack of two tasks, When verify --watch --duration 5 --json runs, Then its timeline has about rate x 5 requests in per-second buckets, paced within 5 %', async () => {
    const out = await runCli(world.args('verify', '--watch', '--duration', '5', '--rate', '20', '--json'));

    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as WatchReport & { change: string; schema: string };
    expect(report.schema).toBe('ecs-alb-wizard.watch/1');
    expect(report.change).toBe('watch');
    expect(report.stoppedBecause).toBe('duration');
    expect(report.timeline.length).toBeGreaterThanOrEqual(5);
    for (const bucket of report.timeline) {
      expect(bucket).toHaveProperty('requests');
      expect(bucket).toHaveProperty('failures');
    }
    const requests = report.timeline.reduce((n, b) => n + b.requests, 0);
    expect(requests).toBe(report.sent);
    expect(Math.abs(requests - 100) / 100).toBeLessThanOrEqual(0.05);
    expect(report.rate.pacingError).toBeLessThanOrEqual(0.05);
    expect(report.lanes.filter((l) => l.answers > 0)).toHaveLength(2);
  }, 60_000);

  it('Given --report FILE.html and FILE.svg, When verify --watch runs, Then each file is written, self-contained, with the timeline picture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-report-'));
    try {
      const html = join(dir, 'watch.html');
      const out = await runCli(world.args('verify', '--watch', '--duration', '2', '--report', html));
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toContain(`Report written to ${html}`);
      const page = readFileSync(html, 'utf8');
      expect(page).toMatch(/^<!DOCTYPE html>/);
      expect(page).toContain('<svg');
      expect(page).not.toMatch(/<script|<link|src="http/);

      const svg = join(dir, 'watch.svg');
      const picture = await runCli(world.args('verify', '--watch', '--duration', '2', '--report', svg));
      expect(picture.code, picture.stderr).toBe(0);
      expect(readFileSync(svg, 'utf8')).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    { failEvery: 0, code: 0, verdict: 'PASS' },
    { failEvery: 4, code: 1, verdict: 'FAIL' },
  ])(
    'Given any --url whose server fails every $failEvery-th request (0: none), When verify --watch --url runs, Then it exits $code with $verdict, without a stack',
    async ({ failEvery, code, verdict }) => {
      let n = 0;
      const server = createServer((_req, res) => {
        n += 1;
        if (failEvery > 0 && n % failEvery === 0) res.writeHead(502).end('bad gateway');
        else res.end(n % 2 ? 'aaaaaaaaaaaa\n' : 'bbbbbbbbbbbb\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const out = await runCli([
          'verify',
          '--watch',
          '--url',
          `http://127.0.0.1:${port}`,
          '--duration',
          '2',
          '--json',
        ]);
        expect(out.code, out.stderr).toBe(code);
        const report = JSON.parse(out.stdout) as WatchReport;
        expect(report.verdict).toBe(verdict);
        expect(report.events).toEqual([]);
        expect(report.failed > 0).toBe(failEvery > 0);
      } finally {
        server.close();
      }
    },
  );

  it.each([
    {
      args: ['scale', '2', '--rate', 'fast'],
      line: /^ecs-alb-wizard: flag --rate must be a number from 1 to 1000 requests per second \(got 'fast'\)$/,
    },
    { args: ['scale', '2', '--rate', '0'], line: /^ecs-alb-wizard: flag --rate must be a number from 1 to 1000/ },
    { args: ['deploy', '--env', 'COLOR'], line: /^ecs-alb-wizard: --env must be KEY=VALUE, got 'COLOR'$/ },
    {
      args: ['deploy', '--env', '1COLOR=blue'],
      line: /^ecs-alb-wizard: --env key '1COLOR' must start with a letter or underscore/,
    },
    { args: ['deploy', '--image', 'a b'], line: /^ecs-alb-wizard: --image must be an image reference without spaces/ },
    {
      args: ['verify', '--watch', '--report', 'timeline.png'],
      line: /^ecs-alb-wizard: flag --report must name an \.html or \.svg file \(got 'timeline\.png'\)$/,
    },
    {
      args: ['verify', '--watch', '--report', '/nonexistent-dir/t.html'],
      line: /^ecs-alb-wizard: flag --report cannot be written: the directory '\/nonexistent-dir' does not exist/,
    },
    {
      args: ['scale', '2', '--concurrency', '4'],
      line: /^ecs-alb-wizard: flag --concurrency tunes the verification after an unwatched change: add --no-watch, or pace the watch with --rate$/,
    },
    { args: ['verify', '--rate', '20'], line: /^ecs-alb-wizard: flag --rate needs the watch: add --watch/ },
    {
      args: ['scale', '2', '--no-watch', '--duration', '5'],
      line: /^ecs-alb-wizard: flag --duration needs the watch: drop --no-watch/,
    },
  ])(
    'Given $args, When it runs, Then it exits 2 with one line naming the flag and its rule, changing nothing',
    async ({ args, line }) => {
      const ecs = () => {
        const { services, taskDefinitions } = world.sandbox.inventory().ecs;
        return JSON.stringify({ services, taskDefinitions });
      };
      const before = ecs();
      const out = await runCli(world.args(...args));
      expect(out.code).toBe(2);
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(out.stderr.trimEnd()).toMatch(line);
      expect(out.stdout).toBe('');
      expect(ecs()).toBe(before);
    },
  );
  it('Given a watched scale 3 under way, When Ctrl+C (SIGINT) arrives, Then it judges what it saw, says it was interrupted and exits 130', async () => {
    const run = startCli(world.args('scale', '3', '--json'));
    // Interrupted once the change is under way (the service asks for 3): the watch runs by then.
    const desired = () =>
      (world.sandbox.inventory().ecs.services as { name: string; desiredCount: number }[]).find(
        (svc) => svc.name === 'demo-svc',
      )?.desiredCount;
    await eventually(() => expect(desired()).toBe(3), 30_000);
    run.child.kill('SIGINT');
    const result = await run.done;

    expect(result.code, result.stderr).toBe(130);
    const report = JSON.parse(result.stdout) as WatchReport & { outcome: { ok: boolean } };
    expect(report.stoppedBecause).toBe('aborted');
    expect(report.outcome.ok).toBe(false);
    expect(report.criteria.length).toBeGreaterThan(0);
    expect(report.sent).toBeGreaterThan(0);
  }, 60_000);
});
