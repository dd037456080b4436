import type { ConnectAws, Connection } from '../../aws/connect.js';
import { validateStackName } from '../../aws/names.js';
import { abortableSleep, awsWaitPolicy, type WaitPolicy } from '../../aws/wait.js';
import { acquireStackLock, type StackLock } from '../../state/lock.js';
import { defaultStateDir, sandboxStateDir } from '../../state/paths.js';
import { StackStore } from '../../state/store.js';
import type { Question, RawAnswer, Step } from '../../steps/types.js';
import type { AnswerKey } from '../../model/answers.js';
import type { CrashPoint, EngineDeps } from '../../engine/deps.js';
import type { RecordedResource } from '../../model/resources.js';
import type { RunnerEvent } from '../../model/events.js';
import { UsageError } from '../../engine/usage-error.js';

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

/** `900`, `90s`, `15m` → milliseconds; undefined when malformed. */
export function parseDuration(value: string): number | undefined {
  const match = /^(\d+)(s|m)?$/.exec(value.trim());
  if (!match) return undefined;
  const n = Number(match[1]) * (match[2] === 'm' ? 60_000 : 1000);
  return n > 0 ? n : undefined;
}

function str(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** Validates the shared flags; bad values throw a UsageError naming the flag (exit code 2). */
export function parseCommonFlags(flags: Flags, env: NodeJS.ProcessEnv = process.env): CommonFlags {
  const stack = str(flags, 'stack') ?? 'demo';
  const stackProblem = validateStackName(stack);
  if (stackProblem) throw new UsageError(stackProblem);
  const timeout = str(flags, 'wait-timeout');
  const waitTimeoutMs = timeout === undefined ? awsWaitPolicy.timeoutMs : parseDuration(timeout);
  if (waitTimeoutMs === undefined)
    throw new UsageError(`--wait-timeout must be a positive duration such as 900, 90s or 15m, got '${timeout}'`);
  const endpointUrl = str(flags, 'endpoint-url');
  if (endpointUrl !== undefined && !/^https?:\/\/[^\s/]+/.test(endpointUrl))
    throw new UsageError(`--endpoint-url must be an http(s) URL, got '${endpointUrl}'`);
  if (endpointUrl !== undefined && flags.sandbox === true)
    throw new UsageError('--endpoint-url and --sandbox cannot be used together');
  const region = str(flags, 'region');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new UsageError(`--region must be an AWS region such as ap-northeast-1, got '${region}'`);
  const profile = str(flags, 'profile');
  return {
    stack,
    stateDir: str(flags, 'state-dir') ?? defaultStateDir(env),
    waitTimeoutMs,
    json: flags.json === true,
    yes: flags.yes === true,
    noInput: flags['no-input'] === true,
    sandbox: flags.sandbox === true,
    ...(region ? { region } : {}),
    ...(profile ? { profile } : {}),
    ...(endpointUrl ? { endpointUrl } : {}),
  };
}

/**
 * A test seam for crash safety: `ECS_ALB_WIZARD_CRASH_AT=<point>:<n>` (points: before-record,
 * after-record, after-teardown) kills this process with SIGKILL the n-th time it reaches that point.
 */
export function crashHookFromEnv(env: NodeJS.ProcessEnv = process.env): EngineDeps['crashHook'] {
  const spec = /^(before-record|after-record|after-teardown):(\d+)$/.exec(env.ECS_ALB_WIZARD_CRASH_AT ?? '');
  if (!spec) return undefined;
  const point = spec[1] as CrashPoint;
  const nth = Number(spec[2]);
  let seen = 0;
  return (at: CrashPoint, _resource: RecordedResource) => {
    if (at === point && ++seen === nth) process.kill(process.pid, 'SIGKILL');
  };
}

/** An open stack: lock held (when asked), store, AWS connection, and the engine deps to run with. */
export type Session = {
  flags: CommonFlags;
  store: StackStore;
  connection: Connection;
  controller: AbortController;
  /**
   * Engine deps for one run: its events, prompts and stop signal (default: the session's
   * controller, which `withInterrupts` aborts on Ctrl+C; the wizard passes its own per run).
   */
  deps: (
    emit: (event: RunnerEvent) => void,
    ask: (step: Step<unknown>, questions: Question[]) => Promise<Partial<Record<AnswerKey, RawAnswer>>>,
    signal?: AbortSignal,
  ) => EngineDeps;
  close(): Promise<void>;
};

/**
 * Opens a stack for a command: takes the per-stack lock first (a second process is refused before
 * anything else happens), then connects to AWS, the endpoint or the sandbox.
 */
export async function openSession(
  flags: CommonFlags,
  connect: ConnectAws,
  command: string,
  options: { lock: boolean },
): Promise<Session> {
  const lock: StackLock | undefined = options.lock ? acquireStackLock(flags.stateDir, flags.stack, command) : undefined;
  let connection: Connection;
  try {
    connection = await connect({
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.profile ? { profile: flags.profile } : {}),
      ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}),
      sandbox: flags.sandbox,
      sandboxDir: sandboxStateDir(flags.stateDir),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const store = new StackStore(flags.stateDir, flags.stack);
  const controller = new AbortController();
  const waits: WaitPolicy = connection.local
    ? { timeoutMs: flags.waitTimeoutMs, minDelayMs: 250, maxDelayMs: 1000 }
    : { ...awsWaitPolicy, timeoutMs: flags.waitTimeoutMs };
  const crashHook = crashHookFromEnv();
  return {
    flags,
    store,
    connection,
    controller,
    deps: (emit, ask, signal = controller.signal) => ({
      clients: connection.clients,
      store,
      now: () => Date.now(),
      sleep: abortableSleep,
      signal,
      waits,
      emit,
      ask,
      ...(crashHook ? { crashHook } : {}),
    }),
    async close() {
      try {
        await connection.close();
      } finally {
        lock?.release();
      }
    },
  };
}
