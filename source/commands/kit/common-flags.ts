import { validateStackName } from '../../aws/names.js';
import { awsWaitPolicy } from '../../aws/wait.js';
import { UsageError } from '../../engine/usage-error.js';
import { seed } from '../../sandbox/seed-ids.js';
import { defaultStateDir, stateDirProblem } from '../../state/paths.js';

type Flags = Record<string, string | boolean | undefined>;

/** The flags every stack command shares, validated. */
export type CommonFlags = {
  stack: string;
  stateDir: string;
  waitTimeoutMs: number;
  json: boolean;
  yes: boolean;
  noInput: boolean;
  sandbox: boolean;
  region?: string;
  profile?: string;
  endpointUrl?: string;
};

/** The longest `--wait-timeout`: a day (timers overflow past 24.8 days, and no AWS wait takes hours). */
export const MAX_WAIT_MS = 24 * 60 * 60_000;

/** `900`, `90s`, `15m` → milliseconds, from 1 s to a day; undefined when malformed or out of range. */
export function parseDuration(value: string): number | undefined {
  const match = /^(\d+)(s|m)?$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]) * (match[2] === 'm' ? 60_000 : 1000);
  return n > 0 && n <= MAX_WAIT_MS ? n : undefined;
}

function str(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** Where the state directory came from, for messages: the flag, the variable, or the default. */
export function stateDirSource(flags: Flags, env: NodeJS.ProcessEnv = process.env): string {
  if (str(flags, 'state-dir') !== undefined) return '--state-dir';
  return env.ECS_ALB_WIZARD_STATE_DIR ? 'ECS_ALB_WIZARD_STATE_DIR' : 'the default state directory';
}

/**
 * Validates the shared flags on their own (no file is read, nothing connects): bad values and
 * combinations throw a UsageError naming the flag and the rule (exit code 2).
 */
export function parseCommonFlags(flags: Flags, env: NodeJS.ProcessEnv = process.env): CommonFlags {
  const stack = str(flags, 'stack') ?? 'demo';
  const stackProblem = validateStackName(stack);
  if (stackProblem) throw new UsageError(stackProblem);
  const timeout = str(flags, 'wait-timeout');
  const waitTimeoutMs = timeout === undefined ? awsWaitPolicy.timeoutMs : parseDuration(timeout);
  if (waitTimeoutMs === undefined)
    throw new UsageError(
      `--wait-timeout must be a duration from 1 second to 24 hours, such as 900, 90s or 15m, got '${timeout}'`,
    );
  const sandbox = flags.sandbox === true;
  const endpointUrl = str(flags, 'endpoint-url');
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(endpointUrl))
    throw new UsageError(`--endpoint-url must be an http(s) URL, got '${endpointUrl}'`);
  if (endpointUrl !== undefined && sandbox)
    throw new UsageError('--endpoint-url and --sandbox cannot be used together: the sandbox is its own endpoint');
  const region = str(flags, 'region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new UsageError(`--region must be an AWS region such as ap-northeast-1, got '${region}'`);
  if (region !== undefined && sandbox && region !== seed.region)
    throw new UsageError(
      `--region ${region} and --sandbox cannot be used together: the sandbox has one region, ${seed.region}`,
    );
  const profile = str(flags, 'profile');
  if (profile !== undefined && profile.trim() === '')
    throw new UsageError('--profile must name a profile, got an empty value');
  if (profile !== undefined && sandbox)
    throw new UsageError('--profile and --sandbox cannot be used together: the sandbox takes no credentials');
  const stateDir = str(flags, 'state-dir') ?? defaultStateDir(env);
  const dirProblem = stateDirProblem(stateDir, stateDirSource(flags, env));
  if (dirProblem) throw new UsageError(dirProblem);
  return {
    stack,
    stateDir,
    waitTimeoutMs,
    json: flags.json === true,
    yes: flags.yes === true,
    noInput: flags['no-input'] === true,
    sandbox,
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
  };
}
