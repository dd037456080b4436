import { spawn, spawnSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, eventually, runCli, startWorld, type World } from './cli-harness.js';

const hasAwsCli = spawnSync('aws', ['--version'], { encoding: 'utf8' }).status === 0;

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('plan --format sh', () => {
  it.skipIf(!hasAwsCli)(
    'Given the script plan prints, When the real aws CLI runs it against the sandbox, Then the same stack comes up with 3 healthy targets',
    async () => {
      world = await startWorld();
      const plan = await runCli([
        'plan',
        '--format',
        'sh',
        '--stack',
        'byhand',
        '--cluster',
        'ecs-demo',
        '--state-dir',
        world.stateDir,
      ]);
      expect(plan.code).toBe(0);
      const env = {
        ...process.env,
        AWS_ENDPOINT_URL: world.sandbox.endpoint,
        AWS_DEFAULT_REGION: 'ap-northeast-1',
        AWS_REGION: 'ap-northeast-1',
        AWS_ACCESS_KEY_ID: 'sandbox',
        AWS_SECRET_ACCESS_KEY: 'sandbox',
        SUBNET_IDS: 'subnet-0abc00000000000a1 subnet-0abc00000000000c1',
        AWS_PAGER: '',
      };
      // The sandbox serves from this process: run the script without blocking the event loop.
      const run = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn('sh', ['-s'], { env, stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
        // The aws CLI's own waiters poll every 15 s; the test polls the sandbox instead (below).
        child.stdin.end(plan.stdout.replace(/^aws \S+ wait .*$/gm, ': wait skipped'));
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const sandbox = world.sandbox;
      await eventually(() => {
        const tg = (sandbox.inventory().elbv2.targetGroups as { name: string; targets: { state: string }[] }[]).find(
          (t) => t.name === 'byhand-tg',
        );
        expect(tg?.targets.map((t) => t.state)).toEqual(['healthy', 'healthy', 'healthy']);
      }, 30_000);
    },
    180_000,
  );
});
