import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { FriendlyError } from '../../model/errors.js';
import type { RecordedResource } from '../../model/resources.js';
import type { RunnerEvent } from '../../model/events.js';
import type { Question } from '../../steps/types.js';
import type { StepId } from '../../model/steps.js';
import type { AskAnswers, ChangeKind, RunIo, WizardSetupEnd, WizardPort } from '../port.js';
import { describeAnswer } from '../components/question-form.js';
import { keptOnPurpose } from '../state/kept-lines.js';
import { initialState, wizardReducer } from '../state/reducer.js';
import type { WizardState } from '../state/types.js';

type PendingAsk = { questions: Question[]; resolve: (answers: AskAnswers) => void; reject: (reason: Error) => void };

/** What the screens can do; each starts one piece of engine work or answers it. */
export type WizardControls = {
  setup: (skip?: StepId[]) => void;
  verify: () => void;
  /** Opens the questions of a scale or deploy. */
  changeForm: (kind: ChangeKind) => void;
  /** Runs the scale or deploy with those answers, watched, then back to the menu. */
  change: (kind: ChangeKind, values: Record<string, string>) => void;
  teardownPlan: () => void;
  teardown: () => void;
  answer: (answers: AskAnswers) => void;
  toggleCli: () => void;
  backToMenu: (message: string) => void;
  /** Stops any running work, leaves saved progress as it is and exits. */
  interrupt: () => void;
  quit: () => void;
};

function toFriendly(error: unknown): FriendlyError {
  const message = error instanceof Error ? error.message : String(error);
  return { message, progressSaved: true };
}

/** The menu's headline after setup: says the spread is proven only when every verification that stands passed. */
export const setupEndMessage: Record<Extract<WizardSetupEnd, { kind: 'done' }>['verification'], string> = {
  verified: 'Setup complete. Requests spread over every task: verified.',
  failed:
    'Setup complete, but the spread is not proven: the verification FAILED (see the criteria above). Verify again, or tear down.',
  unverified: 'Setup complete, but the spread is not proven: the verifier could not run (see above). Choose verify.',
};

/**
 * Drives the port for the screens: runs setup, verify and teardown, turns their events into
 * state through the pure reducer, and holds the one pending question.
 */
export function useWizard(port: WizardPort): [WizardState, WizardControls] {
  const [state, dispatch] = useReducer(wizardReducer, initialState);
  const controller = useRef(new AbortController());
  const pending = useRef<PendingAsk | undefined>(undefined);
  const running = useRef<Promise<unknown>>(Promise.resolve());
  const failed = useRef<{ step: StepId; error: FriendlyError } | undefined>(undefined);
  const skipped = useRef<StepId[]>([]);
  // What the confirmed teardown plan held: its Auto Scaling group leaves AWS's linked role behind.
  const planned = useRef<RecordedResource[]>([]);

  const io = useRef<RunIo>({
    signal: controller.current.signal,
    emit(event: RunnerEvent) {
      if (event.type === 'step-failed') failed.current = { step: event.step, error: event.error };
      dispatch({ type: 'event', event });
    },
    ask(step, questions, about) {
      const signal = controller.current.signal;
      if (signal.aborted) return Promise.reject(signal.reason as Error);
      return new Promise<AskAnswers>((resolve, reject) => {
        pending.current = { questions, resolve, reject };
        dispatch({ type: 'ask', step, questions, about });
      });
    },
  }).current;

  /** Runs one piece of work; errors after an interrupt are expected and ignored. */
  const track = useCallback((work: () => Promise<void>) => {
    running.current = work().catch((error: unknown) => {
      if (controller.current.signal.aborted) return;
      dispatch({ type: 'phase', phase: { name: 'menu', message: `Stopped: ${toFriendly(error).message}` } });
    });
  }, []);

  useEffect(() => {
    port.progress().then(
      (progress) => dispatch({ type: 'loaded', progress }),
      (error: unknown) => {
        // Nothing could be opened (bad flag, stack locked by another process, no credentials).
        const usage = error instanceof Error && error.name === 'UsageError';
        dispatch({
          type: 'phase',
          phase: { name: 'done', lines: [`Cannot open the stack: ${toFriendly(error).message}`], code: usage ? 2 : 1 },
        });
      },
    );
  }, [port]);

  const setup = useCallback(
    (skip: StepId[] = []) => {
      skipped.current = [...skipped.current, ...skip];
      failed.current = undefined;
      dispatch({ type: 'phase', phase: { name: 'setup' } });
      track(async () => {
        let outcome: WizardSetupEnd;
        let thrown: unknown;
        try {
          outcome = await port.setup(io, { skip: skipped.current });
        } catch (error) {
          if (controller.current.signal.aborted) throw error;
          thrown = error;
          outcome = { kind: 'failed', step: failed.current?.step ?? 'account' };
        }
        if (outcome.kind === 'done') {
          dispatch({ type: 'phase', phase: { name: 'menu', message: setupEndMessage[outcome.verification] } });
          return;
        }
        const error = failed.current?.error ?? toFriendly(thrown ?? 'the step failed');
        dispatch({
          type: 'phase',
          phase: { name: 'failed', step: outcome.step, error, canSkip: port.canSkip(outcome.step) },
        });
      });
    },
    [io, port, track],
  );

  const verify = useCallback(() => {
    dispatch({ type: 'phase', phase: { name: 'verifying' } });
    track(async () => {
      const report = await port.verify(io);
      dispatch({ type: 'verified', report });
      const message =
        report.verdict === 'PASS'
          ? 'Verified: the load spreads over every task.'
          : 'Verification failed: see the criteria above.';
      dispatch({ type: 'phase', phase: { name: 'menu', message } });
    });
  }, [io, port, track]);

  const changeForm = useCallback(
    (kind: ChangeKind) => {
      track(async () =>
        dispatch({ type: 'phase', phase: { name: 'change-form', change: kind, fields: await port.changeForm(kind) } }),
      );
    },
    [port, track],
  );

  const change = useCallback(
    (kind: ChangeKind, values: Record<string, string>) => {
      dispatch({ type: 'phase', phase: { name: 'changing', change: kind } });
      track(async () => {
        const end = await port.change(io, kind, values);
        dispatch({ type: 'phase', phase: { name: 'menu', message: end.message } });
      });
    },
    [io, port, track],
  );

  const teardownPlan = useCallback(() => {
    track(async () => {
      planned.current = await port.teardownPlan();
      dispatch({ type: 'phase', phase: { name: 'teardown-confirm', resources: planned.current } });
    });
  }, [port, track]);

  const teardown = useCallback(() => {
    dispatch({ type: 'phase', phase: { name: 'teardown' } });
    track(async () => {
      const { remaining, kept } = await port.teardown(io);
      const keptLines = keptOnPurpose(kept, planned.current);
      const lines =
        remaining.length === 0
          ? ['Teardown complete. What remains of this stack: nothing.', ...keptLines]
          : [
              'Teardown stopped. Still there:',
              ...remaining.map((r) => `  • ${r.kind} ${r.label}`),
              `Run again: ${port.resumeCommand} teardown`,
            ];
      dispatch({ type: 'phase', phase: { name: 'done', lines, code: remaining.length === 0 ? 0 : 1 } });
    });
  }, [io, port, track]);

  const answer = useCallback((answers: AskAnswers) => {
    const ask = pending.current;
    pending.current = undefined;
    if (!ask) return;
    const given = ask.questions.flatMap((q) => {
      const value = answers[q.key];
      if (value === undefined) return [];
      // A choice that is itself a flag (`--create-cluster`) reads as that flag, as a headless run takes it.
      if (q.kind === 'select' && typeof value === 'string' && value.startsWith('--'))
        return [{ label: q.message, flag: value, value: '' }];
      return [{ label: q.message, flag: q.flag, value: describeAnswer(q, value) }];
    });
    dispatch({ type: 'answered', given });
    ask.resolve(answers);
  }, []);

  const stopping = useRef(false);
  const stop = useCallback(
    (code: number, headline: string) => {
      if (stopping.current) return;
      stopping.current = true;
      controller.current.abort(new DOMException('Interrupted by the user', 'AbortError'));
      pending.current?.reject(controller.current.signal.reason as Error);
      pending.current = undefined;
      dispatch({ type: 'phase', phase: { name: 'interrupted' } });
      // Let the running step reach its abort point (and release the stack's lock), within a bound.
      const settled = Promise.race([running.current, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
      const lines = [
        headline,
        'Progress is saved: what was created is recorded.',
        `Resume with: ${port.resumeCommand}`,
      ];
      void settled.then(() => dispatch({ type: 'phase', phase: { name: 'done', lines, code } }));
    },
    [port],
  );

  const controls: WizardControls = {
    setup,
    verify,
    changeForm,
    change,
    teardownPlan,
    teardown,
    answer,
    toggleCli: useCallback(() => dispatch({ type: 'toggle-cli' }), []),
    backToMenu: useCallback((message: string) => dispatch({ type: 'phase', phase: { name: 'menu', message } }), []),
    interrupt: useCallback(() => stop(130, 'Interrupted.'), [stop]),
    quit: useCallback(() => stop(0, 'Stopped.'), [stop]),
  };
  return [state, controls];
}
