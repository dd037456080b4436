import type { RunnerEvent } from '../../model/events.js';
import type { Question } from '../../steps/types.js';
import type { StepId } from '../../model/steps.js';
import type { VerificationReport } from '../../../verify/types.js';
import type { StackProgress } from '../port.js';
import { append, reduceEvent } from './reduce-event.js';
import { placeStep, withCreateClusterSteps } from './step-order.js';
import type { Phase, WizardState } from './types.js';

/** Everything that changes the screen: runner events plus the wizard's own moves. */
export type WizardAction =
  | { type: 'loaded'; progress: StackProgress }
  | { type: 'event'; event: RunnerEvent }
  | { type: 'ask'; step: StepId; questions: Question[]; about?: { title: string; why: string } }
  | { type: 'answered'; given: { label: string; flag: string; value: string }[] }
  | { type: 'verified'; report: VerificationReport }
  | { type: 'phase'; phase: Phase }
  | { type: 'toggle-cli' };

export const initialState: WizardState = {
  phase: { name: 'loading' },
  steps: [],
  waits: [],
  calls: [],
  log: [],
  showCli: false,
  seq: 0,
};

/** The wizard's state machine. Pure; components only render what it returns. */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'loaded':
      return {
        ...state,
        phase: { name: 'start', progress: action.progress },
        header: `stack ${action.progress.stack} · ${action.progress.where}`,
        steps: action.progress.steps.map(({ id, title, status }) => ({
          id,
          title,
          status: status === 'running' ? 'pending' : status,
        })),
      };
    case 'event':
      return reduceEvent(state, action.event);
    case 'ask': {
      const question = { step: action.step, questions: action.questions };
      if (state.current?.id === action.step) return { ...state, question };
      // The runner asks before it announces the step: show the step being asked about.
      const title = action.about?.title ?? state.steps.find((s) => s.id === action.step)?.title ?? action.step;
      return {
        ...state,
        question,
        steps: placeStep(state.steps, action.step, title, 'running'),
        current: {
          id: action.step,
          title,
          why: action.about?.why ?? '',
          answered: [],
          given: [],
          resources: [],
          logs: [],
        },
      };
    }
    case 'answered': {
      const current = state.current;
      return {
        ...state,
        question: undefined,
        // Choosing to create the cluster brings its capacity and instances steps into the list.
        steps: action.given.some((g) => g.flag === '--create-cluster')
          ? withCreateClusterSteps(state.steps)
          : state.steps,
        current: current ? { ...current, given: [...current.given, ...action.given] } : current,
      };
    }
    case 'verified':
      return { ...state, ...append(state, { kind: 'verification', report: action.report }) };
    case 'phase':
      return {
        ...state,
        phase: action.phase,
        question: action.phase.name === 'interrupted' ? undefined : state.question,
      };
    case 'toggle-cli':
      return { ...state, showCli: !state.showCli };
  }
}
