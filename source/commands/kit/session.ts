import type { ConnectAws, Connection } from '../../aws/connect.js';
import { abortableSleep, awsWaitPolicy, type WaitPolicy } from '../../aws/wait.js';
import { acquireStackLock, type StackLock } from '../../state/lock.js';
import { sandboxStateDir } from '../../state/paths.js';
import type { CommonFlags } from './common-flags.js';
import { StackStore } from '../../state/store.js';
import type { Question, RawAnswer, Step } from '../../steps/types.js';
import type { AnswerKey } from '../../model/answers.js';
import type { CrashPoint, EngineDeps } from '../../engine/deps.js';
import type { RecordedResource } from '../../model/resources.js';
import type { RunnerEvent } from '../../model/events.js';
import { slowCallEvents } from './slow-calls.js';

export { parseCommonFlags, parseDuration, type CommonFlags } from './common-flags.js';

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
  // Slow AWS calls go to the current run's events (its screen or plain log), whichever command runs.
  const slowCalls = slowCallEvents(connection.clients.calls);
  return {
    flags,
    store,
    connection,
    controller,
    deps: (emit, ask, signal = controller.signal) => {
      slowCalls.to(emit);
      return {
        clients: connection.clients,
        store,
        now: () => Date.now(),
        sleep: abortableSleep,
        signal,
        waits,
        emit,
        ask,
        ...(crashHook ? { crashHook } : {}),
      };
    },
    async close() {
      slowCalls.stop();
      try {
        await connection.close();
      } finally {
        lock?.release();
      }
    },
  };
}
