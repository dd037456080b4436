import type { RunnerEvent } from '../model/events.js';
import type { StepId } from '../model/steps.js';
import type { SavedVerification, VerifiedStep } from '../model/verifications.js';
import type { StackRecord } from '../state/schema.js';
import { steps as allSteps } from '../steps/index.js';
import type { VerificationReport } from '../../verify/types.js';
import type { EngineDeps } from './deps.js';
import { runSetup, type SetupOptions, type SetupOutcome } from './runner.js';
import type { StackVerification } from './verify-stack.js';

/** Verifies the stack after a step; the caller binds how its connection reaches load balancers (`verifyStack` + `reachOf`). */
export type VerifyStack = (deps: EngineDeps, step: VerifiedStep) => Promise<StackVerification>;

/** The steps a verification follows, in the order setup reaches them. */
export const verifiedSteps: readonly VerifiedStep[] = ['service', 'scale-out'];

/**
 * The one rule for "already verified", for headless setup and the wizard alike: a step is verified
 * when it is done and the record holds a verification saved under it that started no earlier than
 * the step last finished (`steps[step].updatedAt`). Whichever command saved it (setup, `verify`,
 * `scale`) and whatever its verdict, it stands: a rerun of a finished stack sends nothing (`verify`
 * checks again on demand). A step done again after its verification (a failed service created
 * anew, a scale-out run again) has a newer completion, so it is verified again.
 */
export function currentVerification(
  record: StackRecord | undefined,
  step: VerifiedStep,
): SavedVerification | undefined {
  const done = record?.steps[step];
  const saved = record?.verifications?.[step];
  if (done?.status !== 'done' || !saved) return undefined;
  return Date.parse(saved.at) >= Date.parse(done.updatedAt) ? saved : undefined;
}

/** The newest verification saved with the stack, with the step it followed (current or not). */
export function lastVerification(
  record: StackRecord | undefined,
): (SavedVerification & { step: VerifiedStep }) | undefined {
  const saved = verifiedSteps.flatMap((step) => {
    const v = record?.verifications?.[step];
    return v ? [{ ...v, step }] : [];
  });
  return saved.sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}

/** Runs a verification; when a wait ran out (targets never all healthy, DNS never resolved), the step log says so first. */
export async function verifyShown(
  verify: VerifyStack,
  deps: EngineDeps,
  step: VerifiedStep,
): Promise<VerificationReport> {
  const { report, waitTimeout } = await verify(deps, step);
  if (waitTimeout) deps.emit({ type: 'log', step, message: `${waitTimeout}; verified the tasks running now` });
  return report;
}

export type SetupFlowOptions = {
  /** What each setup pass runs with, passed on as given; the first pass stops after `service`. */
  setup: Omit<SetupOptions, 'until'>;
  verify: VerifyStack;
  /** Leave scale-out out this run (the wizard's "skip" after it failed): the service keeps the tasks it has. */
  skipScaleOut?: boolean;
};

/** How setup ended, with the record as saved (verdicts included) and the reports of this run's verifications. */
export type SetupFlowOutcome = SetupOutcome & { reports: Partial<Record<VerifiedStep, VerificationReport>> };

/**
 * Setup as the memo runs it: every step up to the service, a verification with its first tasks,
 * then scale-out and a verification over the scaled-out tasks. A step already verified
 * (`currentVerification`) is not verified again. Each verification's report is emitted as a
 * `verify-result` event; a verifier that cannot run is logged under its step, not fatal (the
 * stack is up; `verify` can run later), unless the run was interrupted. The second pass does not
 * announce again the steps the first one reported.
 */
export async function runSetupFlow(options: SetupFlowOptions, deps: EngineDeps): Promise<SetupFlowOutcome> {
  const reports: SetupFlowOutcome['reports'] = {};
  const saved = (record: StackRecord): StackRecord => deps.store.get() ?? record;

  const verifyAfter = async (step: VerifiedStep): Promise<void> => {
    if (currentVerification(deps.store.get(), step)) return;
    try {
      const report = await verifyShown(options.verify, deps, step);
      reports[step] = report;
      deps.emit({ type: 'verify-result', step, report });
    } catch (error) {
      if (deps.signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      deps.emit({ type: 'log', step, message: `verification could not run: ${message} (run verify later)` });
    }
  };

  const reported = new Set<StepId>();
  const first = await runSetup(
    { ...options.setup, until: 'service' },
    {
      ...deps,
      emit: (event: RunnerEvent) => {
        if ('step' in event) reported.add(event.step);
        deps.emit(event);
      },
    },
  );
  if (!first.ok) return { ...first, record: saved(first.record), reports };
  await verifyAfter('service');

  if (options.skipScaleOut) {
    const title = (options.setup.steps ?? allSteps).find((s) => s.id === 'scale-out')?.title ?? 'scale-out';
    deps.emit({
      type: 'step-skip',
      step: 'scale-out',
      title,
      reason: 'skipped: the service keeps the tasks it has (scale later with `scale N`)',
    });
    return { ok: true, record: saved(first.record), reports };
  }
  const second = await runSetup(options.setup, {
    ...deps,
    emit: (event: RunnerEvent) =>
      event.type === 'step-skip' && reported.has(event.step) ? undefined : deps.emit(event),
  });
  if (second.ok) await verifyAfter('scale-out');
  return { ...second, record: saved(second.record), reports };
}
