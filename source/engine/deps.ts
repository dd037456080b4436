import type { AwsClients } from '../aws/clients.js';
import type { WaitPolicy } from '../aws/wait.js';
import type { StackRecord } from '../state/schema.js';
import type { StackStore } from '../state/store.js';
import type { Question, RawAnswer, Step, StepDeps } from '../steps/types.js';
import type { AnswerKey } from '../model/answers.js';
import type { RecordedResource } from '../model/resources.js';
import type { RunnerEvent } from '../model/events.js';

/** Where the CLI may stop itself hard (SIGKILL) to prove crash safety; see `crashHookFromEnv`. */
export type CrashPoint = 'before-record' | 'after-record' | 'after-teardown';

/**
 * What the runner, teardown, status and scale need. The CLI builds the real ones; tests and the
 * wizard swap any part (`ask` prompts in the wizard, fails with a usage error headless).
 */
export type EngineDeps = {
  clients: AwsClients;
  store: StackStore;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  waits: WaitPolicy;
  emit: (event: RunnerEvent) => void;
  ask: (step: Step<unknown>, questions: Question[]) => Promise<Partial<Record<AnswerKey, RawAnswer>>>;
  /** Called at each crash point with the resource concerned; the CLI may kill itself here. */
  crashHook?: (point: CrashPoint, resource: RecordedResource) => void;
};

/** The deps one step sees, with the results known so far. */
export function stepDeps(deps: EngineDeps, record: StackRecord): StepDeps {
  return {
    stack: record.stack,
    clients: deps.clients,
    context: { stack: record.stack, region: record.region, results: record.results },
    now: deps.now,
    sleep: deps.sleep,
    signal: deps.signal,
    waits: deps.waits,
    emit: deps.emit,
  };
}
