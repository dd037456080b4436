import type { EngineDeps } from '../engine/deps.js';
import type { RunnerEvent } from '../model/events.js';
import { runSetup, runTeardown, steps, teardownOrder } from '../engine/index.js';
import type { StackVerification } from '../engine/verify-stack.js';
import type { StackStore } from '../state/store.js';
import type { Answers, InvalidAnswers } from '../model/answers.js';
import type { StepId } from '../model/steps.js';
import type { RunIo, StackProgress, WizardPort } from '../ui/port.js';
import type { CommandInput } from './kit/types.js';

/** What the wizard needs from the command that opened the stack (clients, store, lock, sandbox). */
export type OpenedStack = {
  /** Engine deps without the per-run parts (`emit`, `ask`, `signal`), which the wizard supplies. */
  deps: Omit<EngineDeps, 'emit' | 'ask' | 'signal'>;
  store: StackStore;
  /** `ap-northeast-1 (sandbox)` or the region and endpoint. */
  where: string;
  sandbox: boolean;
  /** Verifies the stack: waits for healthy targets, then the verifier with ECS's expected backends. */
  verify?: (deps: EngineDeps, step: StepId) => Promise<StackVerification>;
  /** Releases the lock, stops the sandbox, closes clients. */
  close?: () => Promise<void>;
};

/**
 * Verifies after a setup step and shows the result, unless the runner already did (its
 * `verify-result` event); a verifier that cannot run is logged, not fatal.
 */
async function verifyInto(stack: OpenedStack, deps: EngineDeps, io: RunIo, step: StepId, verified: Set<StepId>): Promise<void> {
  if (!stack.verify || verified.has(step)) return;
  try {
    io.emit({ type: 'verify-result', step, report: await verifyLogged(stack.verify, deps, io, step) });
  } catch (error) {
    if (io.signal.aborted) throw error;
    const message = error instanceof Error ? error.message : String(error);
    io.emit({ type: 'log', step, message: `verification could not run: ${message} (run verify later from the menu)` });
  }
}

/** Runs the stack verification; when the targets never all got healthy, the step log says so first. */
async function verifyLogged(run: NonNullable<OpenedStack['verify']>, deps: EngineDeps, io: RunIo, step: StepId): Promise<StackVerification['report']> {
  const { report, waitTimeout } = await run(deps, step);
  if (waitTimeout) io.emit({ type: 'log', step, message: `${waitTimeout}; verified the tasks running now` });
  return report;
}

export type EnginePortOptions = {
  stack: string;
  flags: Answers;
  /** Answer flags whose value failed its check: their questions open with the problem shown. */
  invalid?: InvalidAnswers;
  resumeCommand: string;
  open: () => Promise<OpenedStack>;
};

/**
 * The wizard's port on the real engine: setup runs to the service, verifies, then scales out and
 * verifies again; teardown and progress read the same store as the headless commands.
 */
export function enginePort(options: EnginePortOptions): WizardPort & { close(): Promise<void> } {
  let opened: Promise<OpenedStack> | undefined;
  const open = () => (opened ??= options.open());

  function depsFor(stack: OpenedStack, io: RunIo, verified = new Set<StepId>()): EngineDeps {
    const emit = (event: RunnerEvent) => {
      if (event.type === 'verify-result') verified.add(event.step);
      io.emit(event);
    };
    return {
      ...stack.deps,
      signal: io.signal,
      emit,
      ask: (step, questions) => io.ask(step.id, questions, { title: step.title, why: step.why }),
    };
  }

  return {
    resumeCommand: options.resumeCommand,
    async close() {
      if (opened) await (await opened).close?.();
    },
    async progress(): Promise<StackProgress> {
      const stack = await open();
      const record = stack.store.get();
      return {
        stack: options.stack,
        where: stack.where,
        sandbox: stack.sandbox,
        steps: steps.map((s) => ({ id: s.id, title: s.title, status: record?.steps[s.id]?.status ?? 'pending', error: record?.steps[s.id]?.error })),
        resources: record?.resources ?? [],
      };
    },
    canSkip: (step: StepId) => step === 'scale-out',
    async setup(io, { skip }) {
      const stack = await open();
      const verified = new Set<StepId>();
      const deps = depsFor(stack, io, verified);
      const serviceWasDone = stack.store.get()?.steps.service?.status === 'done';
      const first = await runSetup({ stack: options.stack, answers: options.flags, invalid: options.invalid, until: 'service' }, deps);
      if (!first.ok) return { kind: 'failed', step: first.step };
      if (!serviceWasDone) await verifyInto(stack, deps, io, 'service', verified);
      if (skip.includes('scale-out')) {
        const title = steps.find((s) => s.id === 'scale-out')?.title ?? 'scale-out';
        io.emit({ type: 'step-skip', step: 'scale-out', title, reason: 'skipped: the service keeps the tasks it has (scale later with `scale N`)' });
        return { kind: 'done' };
      }
      const scaleWasDone = stack.store.get()?.steps['scale-out']?.status === 'done';
      const second = await runSetup({ stack: options.stack, answers: options.flags, invalid: options.invalid }, deps);
      if (!second.ok) return { kind: 'failed', step: second.step };
      if (!scaleWasDone) await verifyInto(stack, deps, io, 'scale-out', verified);
      return { kind: 'done' };
    },
    async verify(io) {
      const stack = await open();
      if (!stack.verify) throw new Error('verify: the verifier is not available in this build');
      return verifyLogged(stack.verify, depsFor(stack, io), io, 'scale-out');
    },
    async teardownPlan() {
      const stack = await open();
      const record = stack.store.get();
      return record ? teardownOrder(record) : [];
    },
    async teardown(io) {
      const stack = await open();
      const outcome = await runTeardown({ stack: options.stack }, depsFor(stack, io));
      if (outcome.ok) return { remaining: [], kept: outcome.kept };
      return { remaining: stack.store.get()?.resources ?? [], kept: [] };
    },
  };
}

/**
 * Opens the stack the way `setup` does (lock first, then AWS, the endpoint or the sandbox) and
 * hands the wizard what it needs. Loaded after the first frame: this pulls in the AWS SDK.
 */
export async function openStackForWizard(input: CommandInput): Promise<OpenedStack> {
  const [{ openSession, parseCommonFlags }, { connectAws }, { verifyStack, reachOf }] = await Promise.all([
    import('./kit/session.js'),
    import('../aws/connect.js'),
    import('../engine/verify-stack.js'),
  ]);
  const flags = parseCommonFlags(input.flags);
  const session = await openSession(flags, input.connect ?? connectAws, 'setup', { lock: true });
  const { emit: _emit, ask: _ask, signal: _signal, ...deps } = session.deps(
    () => undefined,
    () => Promise.reject(new Error('ask: no prompt outside the wizard')),
  );
  const { clients, sandbox } = session.connection;
  const where = sandbox ? `${clients.region} (sandbox)` : clients.endpointUrl ? `${clients.region} via ${clients.endpointUrl}` : clients.region;
  return {
    deps,
    store: session.store,
    where,
    sandbox,
    verify: (engineDeps, step) => verifyStack(engineDeps, { step, ...reachOf(session.connection) }),
    close: () => session.close(),
  };
}
