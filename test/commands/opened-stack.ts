import { enginePort, type OpenedStack } from '../../source/commands/wizard-port.js';
import type { RunnerEvent } from '../../source/model/events.js';
import type { StackVerification } from '../../source/engine/verify-stack.js';
import type { StepId } from '../../source/model/steps.js';
import type { StackRecord } from '../../source/state/schema.js';
import type { VerificationReport } from '../../verify/types.js';
import { engineDeps } from '../engine/engine-deps.js';

export const report = {
  url: 'http://demo-alb-1.elb.amazonaws.com/hostname',
  verdict: 'FAIL',
  criteria: [],
  backends: [],
} as unknown as VerificationReport;

/**
 * The wizard's port on a stack (saved as `record`, if given) whose verification resolves to
 * `outcome` (or rejects with it); records the steps verified and the signal each run got.
 */
export function portVerifying(outcome: StackVerification | Error, record?: StackRecord) {
  const { deps } = engineDeps();
  if (record) deps.store.set(record);
  const verified: StepId[] = [];
  const signals: AbortSignal[] = [];
  const opened: OpenedStack = {
    deps: (emit, ask, signal = deps.signal) => ({ ...deps, emit, ask, signal }),
    store: deps.store,
    where: 'ap-northeast-1 (sandbox)',
    sandbox: true,
    verify: (engine, step) => {
      verified.push(step);
      signals.push(engine.signal);
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
  };
  const port = enginePort({
    stack: 'demo',
    flags: {},
    resumeCommand: 'ecs-alb-wizard --sandbox',
    open: () => Promise.resolve(opened),
  });
  const seen: RunnerEvent[] = [];
  const io = {
    emit: (event: RunnerEvent) => seen.push(event),
    ask: () => Promise.reject(new Error('no prompt')),
    signal: new AbortController().signal,
  };
  return { port, io, seen, verified, signals, store: deps.store };
}
