import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ensureBuilt, runCli, startWorld, type World } from '../e2e/cli-harness.js';
import { sandboxClients } from '../helpers/sandbox.js';
import { waitFor } from '../sandbox/fixtures.js';

type JsonReport = {
  verdict: string;
  backends: {
    id: string;
    count: number;
    taskId?: string;
    instanceId?: string;
    hostPort?: number;
    targetHealth?: string;
  }[];
};

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('verify on a stack (built CLI, sandbox)', () => {
  it('Given setup with 1 task, then verify PASSes with it; after scale 3, verify PASSes with 3 tasks mapped to instance:port', async () => {
    world = await startWorld();
    const setup = await runCli(world.args('setup', '--desired-count', '1', '--scale-to', '1'));
    expect(setup.code).toBe(0);

    // When: the stack is verified with one task
    const one = await runCli(world.args('verify'));
    // Then
    expect(one.stdout).toMatch(/^PASS {2}http:\/\/demo-alb-\d+\.ap-northeast-1\.elb\.localhost\/hostname$/m);
    expect(one.stdout).toContain('every expected backend answered: 1/1 answered');
    expect(one.code).toBe(0);

    // When: scaled to 3 (its closing verification tuned like verify's), then verified again, as JSON
    const scaled = await runCli(world.args('scale', '3', '--no-watch', '--concurrency', '2', '--json'));
    expect(scaled.code).toBe(0);
    expect(JSON.parse(scaled.stdout)).toMatchObject({ verdict: 'PASS', expectedCount: 3, options: { concurrency: 2 } });
    const three = await runCli(world.args('verify', '--json'));
    expect(three.code).toBe(0);
    const report = JSON.parse(three.stdout) as JsonReport;
    // Then: 3 distinct container hostnames, each with its task, instance, dynamic host port and healthy target
    expect(report.verdict).toBe('PASS');
    expect(new Set(report.backends.map((b) => b.id)).size).toBe(3);
    for (const backend of report.backends) {
      expect(backend).toMatchObject({ targetHealth: 'healthy' });
      expect(backend.id).toMatch(/^[0-9a-f]{12}$/);
      expect(backend.taskId).toMatch(/^[0-9a-f]{32}$/);
      expect(backend.instanceId).toMatch(/^i-0abc/);
      expect(backend.hostPort).toBeGreaterThanOrEqual(1024);
      expect(backend.count).toBeGreaterThanOrEqual(10);
    }

    // When: verified again with the tuning flags a CI check would pass
    const tuned = await runCli(world.args('verify', '--requests', '400', '--concurrency', '2', '--json'));
    // Then: the same PASS over the 3 tasks, sent with those settings
    expect(tuned.stderr).toBe('');
    expect(tuned.code).toBe(0);
    const tunedReport = JSON.parse(tuned.stdout) as JsonReport & {
      sent: number;
      options: { concurrency: number; maxRequests: number };
    };
    expect(tunedReport.verdict).toBe('PASS');
    expect(tunedReport.options).toMatchObject({ concurrency: 2, maxRequests: 400 });
    expect(tunedReport.sent).toBeLessThanOrEqual(400);
    expect(tunedReport.backends.map((b) => b.id).sort()).toEqual(report.backends.map((b) => b.id).sort());

    // When: allowed too few requests to show the spread even
    const short = await runCli(world.args('verify', '--requests', '50'));
    // Then: not a PASS, and it says how many more requests a verdict needs
    expect(short.code).toBe(1);
    expect(short.stdout).toMatch(
      /✗ even spread: .*not shown either way after \d+ answers.*about \d+ more requests would settle it/,
    );
    expect(short.stdout).toContain('load balancer nodes (');

    // When: one task starts failing its health checks and its target turns unhealthy
    const victim = report.backends[1];
    if (!victim?.taskId) throw new Error('no task to break');
    world.sandbox.faults.add({ kind: 'task-unhealthy', task: victim.taskId });
    const clients = sandboxClients(world.sandbox.endpoint);
    try {
      const tgArn =
        (await clients.elbv2.send(new DescribeTargetGroupsCommand({}))).TargetGroups?.[0]?.TargetGroupArn ?? '';
      await waitFor(
        'the target to turn unhealthy',
        async () => {
          const health = await clients.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
          const target = health.TargetHealthDescriptions?.find(
            (d) => d.Target?.Id === victim.instanceId && d.Target?.Port === victim.hostPort,
          );
          return target?.TargetHealth?.State === 'unhealthy';
        },
        20_000,
      );
    } finally {
      for (const client of Object.values(clients)) client.destroy();
    }
    const broken = await runCli(world.args('verify', '--wait-timeout', '2s'));
    // Then: the wait gives up, and the report names that task, where it runs and why it is silent
    expect(broken.stderr).toMatch(/timed out after 2s waiting for 3 healthy targets/);
    expect(broken.stdout).toMatch(/^FAIL/m);
    expect(broken.stdout).toContain('✗ healthy targets equal the desired count: timed out after 2s');
    expect(broken.stdout).toContain(
      `task ${victim.taskId.slice(0, 8)}… (${victim.id}) on ${victim.instanceId} port ${victim.hostPort} never answered; its target is unhealthy`,
    );
    expect(broken.code).toBe(1);
  });

  it('Given a stack that was never set up, then exit 2 before connecting, saying to run setup or give --url', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'verify-empty-'));
    try {
      const result = await runCli(['verify', '--stack', 'nothing', '--state-dir', stateDir]);
      expect(result.stderr).toContain("stack 'nothing' has no running service yet: run setup first, or give --url");
      expect(result.code).toBe(2);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it.each([
    ['expect', '3f2a9b1c0d4e', "a stack's expected backends are its RUNNING tasks"],
    ['expect-count', '3', "a stack's expected backends are its RUNNING tasks"],
    ['connect-to', '::127.0.0.1:8080', "a stack's load balancer is reached by its DNS name"],
  ])('Given --%s without --url, then exit 2 naming it and why', async (flag, value, why) => {
    const result = await runCli(['verify', `--${flag}`, value]);
    expect(result.stderr).toContain(`flag --${flag} needs --url; ${why}`);
    expect(result.code).toBe(2);
  });

  it.each([['verify'], ['scale', '3']])(
    'Given a tuning flag with a bad value for %s, then exit 2 with the same rule as for --url',
    async (...command) => {
      const result = await runCli([...command, '--concurrency', '0']);
      expect(result.stderr).toContain("flag --concurrency must be a whole number from 1 to 1000 (got '0')");
      expect(result.code).toBe(2);
    },
  );
});
