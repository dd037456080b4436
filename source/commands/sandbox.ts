import { sandboxStateDir, defaultStateDir, stateDirProblem } from '../state/paths.js';
import { printable } from '../lib/printable.js';
import { stateDirSource } from './kit/common-flags.js';
import type { CommandInput } from './kit/types.js';

function parseNumberFlag(
  name: string,
  value: string | boolean | undefined,
  check: (n: number) => boolean,
  fallback: number,
): number | string {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return check(n)
    ? n
    : `--${name} must be ${name === 'port' ? 'a whole number from 0 to 65535' : 'a number greater than 0'}, got '${String(value)}'`;
}

const seeds = {
  memo: "the memo's world: cluster ecs-demo with two EC2 container instances in the default VPC",
  empty: 'only the default VPC (no cluster, no instances): try setup --create-cluster',
} as const;
type Seed = keyof typeof seeds;

function isSeed(value: unknown): value is Seed {
  return typeof value === 'string' && Object.hasOwn(seeds, value);
}

/** The `--seed` value (undefined: not given), or the line that refuses it. */
function parseSeed(value: string | boolean | undefined): { seed?: Seed; problem?: string } {
  if (value === undefined) return {};
  if (isSeed(value)) return { seed: value };
  return { problem: `--seed must be one of ${Object.keys(seeds).join(', ')}, got '${String(value)}'` };
}

function guide(endpoint: string, stateDir: string, seed: Seed): string {
  return [
    `Sandbox endpoint: ${endpoint}   (ECS, ELBv2, EC2, Auto Scaling, IAM, SSM, STS; region ap-northeast-1, account 123456789012)`,
    `State: ${stateDir}`,
    `Seed: ${seed}, ${seeds[seed]}`,
    '',
    'Point the AWS CLI or an SDK at it (any credentials work):',
    `  export AWS_ENDPOINT_URL=${endpoint} AWS_REGION=ap-northeast-1 AWS_DEFAULT_REGION=ap-northeast-1 AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox`,
    `  aws ecs list-clusters --endpoint-url ${endpoint}`,
    `Inventory: curl ${endpoint}/_sandbox/inventory`,
    'Load balancer nodes (one per AZ, each on its own loopback address) appear below as they come up; reach one with',
    '  curl --connect-to DNSNAME:80:ADDRESS:LOCALPORT http://DNSNAME/hostname',
    `or list a name's nodes: curl '${endpoint}/_sandbox/resolve?host=DNSNAME&port=80'`,
    '',
    'Press Ctrl+C to stop (the world is saved and restored on the next start).',
    '',
  ].join('\n');
}

/** `ecs-alb-wizard sandbox serve`: runs the sandbox on 127.0.0.1 until Ctrl+C. */
export async function run(input: CommandInput): Promise<number> {
  const { flags, positionals, stdout, stderr } = input;
  const [sub = 'serve', ...extra] = positionals;
  if (sub !== 'serve' || extra.length > 0) {
    stderr.write(
      `ecs-alb-wizard: unknown sandbox subcommand '${[sub, ...extra].join(' ')}'. Use: sandbox serve. See sandbox --help\n`,
    );
    return 2;
  }
  const port = parseNumberFlag('port', flags.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 4566);
  const timeScale = parseNumberFlag('time-scale', flags['time-scale'], (n) => Number.isFinite(n) && n > 0, 60);
  const { seed, problem } = parseSeed(flags.seed);
  for (const value of [port, timeScale, problem]) {
    if (typeof value === 'string') {
      stderr.write(`ecs-alb-wizard: ${printable(value)}\n`);
      return 2;
    }
  }
  const given = typeof flags['state-dir'] === 'string' ? flags['state-dir'] : undefined;
  const dirProblem = stateDirProblem(given ?? defaultStateDir(), stateDirSource(flags));
  if (dirProblem) {
    stderr.write(`ecs-alb-wizard: ${printable(dirProblem)}\n`);
    return 2;
  }
  const stateDir = sandboxStateDir(given ?? defaultStateDir());
  const { startSandbox } = await import('../sandbox/index.js');
  const log = (line: string) => (line.includes('→') ? stdout : stderr).write(`${line}\n`);
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: port as number,
      timeScale: timeScale as number,
      stateDir,
      log,
      mode: 'serve',
      ...(seed ? { seed } : {}),
    });
  } catch (error) {
    stderr.write(
      `ecs-alb-wizard: cannot start the sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  stdout.write(guide(sandbox.endpoint, stateDir, sandbox.seed));
  const running = sandbox;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  stdout.write('Stopping the sandbox…\n');
  await running.close();
  stdout.write('Sandbox stopped; state saved.\n');
  return 0;
}
