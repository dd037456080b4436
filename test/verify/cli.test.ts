import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFarm } from '../../verify/bench/fixture.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli.js');

type Result = { code: number; stdout: string; stderr: string };

/** Runs the built CLI as a user would; asynchronous, so the servers in this process keep serving. */
function cli(...args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let farm: Awaited<ReturnType<typeof startFarm>>;
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  farm = await startFarm([{ id: 'aaaaaaaaaaaa' }, { id: 'bbbbbbbbbbbb' }, { id: 'cccccccccccc' }]);
});
afterAll(async () => {
  await farm.close();
});

describe('ecs-alb-wizard verify (built CLI)', () => {
  it('Given the three backends that answer, then it prints PASS and exits 0', async () => {
    const result = await cli(
      'verify',
      '--url',
      `${farm.balancer.url}/hostname`,
      '--expect',
      'aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc',
    );
    expect(result.stdout.split('\n')[0]).toBe(`PASS  ${farm.balancer.url}/hostname`);
    expect(result.stdout).toMatch(/✓ even spread/);
    expect(result.code).toBe(0);
  });

  it('Given an expected backend that never answers, then it prints FAIL naming it and exits 1', async () => {
    const result = await cli(
      'verify',
      '--url',
      `${farm.balancer.url}/hostname`,
      '--expect',
      'aaaaaaaaaaaa,bbbbbbbbbbbb,cccccccccccc,dddddddddddd',
    );
    expect(result.stdout).toMatch(/^FAIL/);
    expect(result.stdout).toContain('backend dddddddddddd never answered');
    expect(result.code).toBe(1);
  });

  it('Given --json and --connect-to, then one JSON document comes out and the Host header is the URL host', async () => {
    const result = await cli(
      'verify',
      '--url',
      'http://demo-alb.elb.localhost/hostname',
      '--connect-to',
      `demo-alb.elb.localhost:80:127.0.0.1:${farm.balancer.port}`,
      '--expect-count',
      '3',
      '--json',
    );
    const document = JSON.parse(result.stdout) as { verdict: string; backends: { id: string }[] };
    expect(document.verdict).toBe('PASS');
    expect(document.backends.map((b) => b.id).sort()).toEqual(['aaaaaaaaaaaa', 'bbbbbbbbbbbb', 'cccccccccccc']);
    expect(farm.balancer.hostSeen()).toBe('demo-alb.elb.localhost');
    expect(result.code).toBe(0);
  });

  it.each([
    [['--concurrency', 'many'], 'flag --concurrency must be a whole number from 1 to 1000'],
    [['--timeout', '0'], 'flag --timeout must be a number from 0.001 to 600 seconds'],
    [['--max-error-rate', '2'], 'flag --max-error-rate must be a number from 0 to 1'],
    [
      ['--tolerance', '0'],
      "flag --tolerance must be a number from 0.01 to 1 (a fraction of the fair share: 0.35 means ±35%) (got '0')",
    ],
    [['--tolerance', '35%'], 'flag --tolerance must be a number from 0.01 to 1'],
    [['--hostname-regex', '(unclosed'], 'flag --hostname-regex must be a valid regular expression'],
    [['--expect', 'a,,b'], 'flag --expect must be backend ids separated by commas'],
    [['--connect-to', 'nowhere'], 'flag --connect-to must be HOST:PORT:HOST2:PORT2'],
  ])('Given bad flags %j, then one line names the flag and the rule, exit 2', async (flags, message) => {
    const result = await cli('verify', '--url', 'http://127.0.0.1:9/hostname', ...flags);
    expect(result.stderr).toContain(`ecs-alb-wizard: ${message}`);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.code).toBe(2);
  });
});
