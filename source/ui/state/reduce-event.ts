import type { RunnerEvent } from '../../model/events.js';
import type { StepId } from '../../model/steps.js';
import { kindName } from '../format/kind-name.js';
import { idAfterLabel } from '../format/shorten.js';
import { placeStep } from './step-order.js';
import { WATCH_WINDOW, type CurrentStep, type NewLogItem, type StepStatus, type WizardState } from './types.js';

function withStatus(state: WizardState, id: StepId, title: string, status: StepStatus): WizardState['steps'] {
  return placeStep(state.steps, id, title, status);
}

export function append(state: WizardState, item: NewLogItem): Pick<WizardState, 'log' | 'seq'> {
  return { log: [...state.log, { ...item, key: `log-${state.seq}` }], seq: state.seq + 1 };
}

/** `--create-cluster` for a switch set to true, else `--flag value`. */
export function switchText(a: { flag: string; value: string }): string {
  return a.value === 'true' ? a.flag : `${a.flag} ${a.value}`;
}

/** The lines a finished step keeps in the log: what it was given, what it made, what it found. */
function stepLines(current: CurrentStep | undefined, summary: string[]): string[] {
  if (!current) return summary;
  return [
    // A switch given (`--create-cluster`) reads as the flag alone, as it was typed.
    ...current.answered.map((a) => `${switchText(a)} (${a.source === 'flag' ? 'from flag' : 'saved'})`),
    ...current.given.map((g) => (g.value ? `${g.flag} ${g.value}` : g.flag)),
    ...current.resources.map(({ resource, reused }) => {
      const id = idAfterLabel(resource.id);
      return `${reused ? 'reused ' : 'created'} ${kindName(resource.kind)} ${resource.label}${id ? `  ${id}` : ''}`;
    }),
    ...summary,
    ...current.logs,
  ];
}

/** Applies one runner event to the screen state. Pure: same state and event, same result. */
export function reduceEvent(state: WizardState, event: RunnerEvent): WizardState {
  const current = state.current?.id === ('step' in event ? event.step : undefined) ? state.current : undefined;
  switch (event.type) {
    case 'step-start': {
      const kept = state.current?.id === event.step ? state.current : undefined;
      return {
        ...state,
        steps: withStatus(state, event.step, event.title, 'running'),
        current: {
          id: event.step,
          title: event.title,
          why: event.why,
          // What was just answered at the prompt is shown as given, not again as saved.
          answered: (event.answered ?? []).filter((a) => !kept?.given.some((g) => g.flag === a.flag)),
          given: kept?.given ?? [],
          resources: kept?.resources ?? [],
          logs: kept?.logs ?? [],
        },
      };
    }
    case 'step-skip':
      // A step finished earlier (this run or a saved one) stays done and is not logged again.
      if (state.steps.some((s) => s.id === event.step && s.status === 'done')) return state;
      return {
        ...state,
        steps: withStatus(state, event.step, event.title, 'skipped'),
        ...append(state, {
          kind: 'step',
          id: event.step,
          title: event.title,
          status: 'skipped',
          lines: [event.reason],
          cli: [],
        }),
      };
    case 'resource':
      if (!current) return state;
      return {
        ...state,
        current: { ...current, resources: [...current.resources, { resource: event.resource, reused: event.reused }] },
      };
    case 'wait': {
      const { type: _type, ...wait } = event;
      const exists = state.waits.some((w) => w.id === event.id);
      return {
        ...state,
        waits: exists ? state.waits.map((w) => (w.id === event.id ? wait : w)) : [...state.waits, wait],
      };
    }
    case 'wait-end': {
      const ended = state.waits.find((w) => w.id === event.id);
      const waits = state.waits.filter((w) => w.id !== event.id);
      const what = ended?.what ?? event.id;
      const line = `${event.ok ? 'waited' : 'gave up waiting'}: ${what} (${Math.round(event.elapsedMs / 1000)}s)`;
      if (current) return { ...state, waits, current: { ...current, logs: [...current.logs, line] } };
      return { ...state, waits, ...append(state, { kind: 'wait', what, ok: event.ok, elapsedMs: event.elapsedMs }) };
    }
    case 'log':
      if (current) return { ...state, current: { ...current, logs: [...current.logs, event.message] } };
      return { ...state, ...append(state, { kind: 'note', text: event.message }) };
    case 'step-done':
      return {
        ...state,
        steps: withStatus(state, event.step, event.title, 'done'),
        current: undefined,
        waits: state.waits.filter((w) => w.step !== event.step),
        lastCli: event.cli.length > 0 ? { title: event.title, commands: event.cli } : state.lastCli,
        ...append(state, {
          kind: 'step',
          id: event.step,
          title: event.title,
          status: 'done',
          lines: stepLines(current, event.summary),
          cli: state.showCli ? event.cli : [],
        }),
      };
    case 'step-failed':
      return {
        ...state,
        steps: withStatus(state, event.step, event.title, 'failed'),
        current: undefined,
        waits: state.waits.filter((w) => w.step !== event.step),
        ...append(state, {
          kind: 'step',
          id: event.step,
          title: event.title,
          status: 'failed',
          lines: [...stepLines(current, []), event.error.message],
          cli: [],
        }),
      };
    case 'teardown-start':
      return { ...state, deleting: event.resource };
    case 'teardown-done':
      return {
        ...state,
        deleting: undefined,
        ...append(state, {
          kind: 'teardown',
          label: `${kindName(event.resource.kind)} ${event.resource.label}`,
          outcome: event.outcome,
        }),
      };
    case 'aws-call': {
      const others = state.calls.filter((c) => c.id !== event.id);
      if (event.ended) return { ...state, calls: others };
      const call = { id: event.id, what: event.what, elapsedMs: event.elapsedMs };
      const exists = others.length < state.calls.length;
      return {
        ...state,
        calls: exists ? state.calls.map((c) => (c.id === event.id ? call : c)) : [...state.calls, call],
      };
    }
    case 'verify-result':
      return { ...state, ...append(state, { kind: 'verification', report: event.report }) };
    case 'watch-tick': {
      // Keep one bucket per second (a repeated second replaces its bucket), the newest WATCH_WINDOW.
      const kept = state.watch?.change === event.change ? state.watch.recent : [];
      const last = event.snapshot.last;
      const recent = last ? [...kept.filter((b) => b.second < last.second), last].slice(-WATCH_WINDOW) : kept;
      return { ...state, watch: { change: event.change, snapshot: event.snapshot, recent } };
    }
    case 'watch-result':
      // The live lanes give way to the verdict, printed once in the log.
      return {
        ...state,
        watch: undefined,
        ...append(state, { kind: 'watch', change: event.change, report: event.report }),
      };
    case 'teardown-failed':
      return {
        ...state,
        deleting: undefined,
        ...append(state, {
          kind: 'teardown',
          label: `${kindName(event.resource.kind)} ${event.resource.label}`,
          outcome: 'failed',
          detail: event.error.message,
        }),
      };
  }
}
