import { Box, Text, useApp, useInput } from 'ink';
import { useCallback, useEffect } from 'react';
import { CliPanel } from './components/cli-panel.js';
import { FinishedLog } from './components/finished-log.js';
import { KeyHints } from './components/key-hints.js';
import { PhaseBody } from './components/phase-body.js';
import { StepGrid } from './components/step-grid.js';
import type { MenuAction } from './components/action-menu.js';
import { useWizard } from './hooks/use-wizard.js';
import type { WizardPort } from './port.js';
import type { WizardState } from './state/types.js';

type Props = {
  port: WizardPort;
  /** Called once with the exit code when the wizard is finished. */
  onExit: (code: number) => void;
  /** Aborted on SIGINT/SIGTERM: stops like Ctrl+C. */
  signal?: AbortSignal;
};

/** A text field has the keys: `c` and `q` are letters then. */
function isTyping(state: WizardState): boolean {
  return state.phase.name === 'change-form' || (state.question?.questions.some((q) => q.kind === 'text') ?? false);
}

/** Waiting for the user (not for AWS): `q` may quit here. */
function betweenSteps(state: WizardState): boolean {
  const { name } = state.phase;
  if (name === 'start' || name === 'menu' || name === 'failed' || name === 'teardown-confirm') return true;
  return state.question !== undefined && !state.question.questions.some((q) => q.kind === 'text');
}

function hintsFor(state: WizardState): string[] {
  const { name } = state.phase;
  if (name === 'done' || name === 'interrupted' || name === 'loading') return [];
  const typing = isTyping(state);
  const choosing = betweenSteps(state);
  return [
    ...(choosing ? ['↑↓ move', 'enter choose'] : []),
    ...(typing ? ['enter submit'] : []),
    ...(state.question && state.question.questions.length > 1 ? ['esc back'] : []),
    ...(name === 'change-form' ? ['esc back'] : []),
    ...(typing ? [] : [`c ${state.showCli ? 'hide' : 'show'} aws cli`]),
    ...(choosing ? ['q quit'] : []),
    'ctrl+c exit',
  ];
}

/** The wizard: finished steps above, the step list and the current step live below. */
export function App({ port, onExit, signal }: Props) {
  const [state, controls] = useWizard(port);
  const { exit } = useApp();
  const typing = isTyping(state);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') {
      if (state.phase.name !== 'done' && state.phase.name !== 'interrupted') controls.interrupt();
      return;
    }
    if (typing) return;
    if (input === 'c') controls.toggleCli();
    if (input === 'q' && betweenSteps(state)) controls.quit();
  });

  const { interrupt } = controls;
  useEffect(() => {
    if (!signal) return;
    if (signal.aborted) interrupt();
    signal.addEventListener('abort', interrupt);
    return () => signal.removeEventListener('abort', interrupt);
  }, [signal, interrupt]);

  useEffect(() => {
    if (state.phase.name !== 'done') return;
    onExit(state.phase.code);
    exit();
  }, [state.phase, onExit, exit]);

  const onMenu = useCallback(
    (action: MenuAction) => {
      if (action === 'setup' || action === 'retry') controls.setup();
      else if (action === 'skip' && state.phase.name === 'failed') controls.setup([state.phase.step]);
      else if (action === 'verify') controls.verify();
      else if (action === 'scale' || action === 'deploy') controls.changeForm(action);
      else if (action === 'teardown') controls.teardownPlan();
      else controls.quit();
    },
    [controls, state.phase],
  );

  // A watched change needs the rows for its lanes (80×24): the step list gives way.
  const hideGrid = ['start', 'done', 'teardown-confirm', 'teardown', 'change-form', 'changing'].includes(
    state.phase.name,
  );
  const showGrid = state.steps.length > 0 && !hideGrid;
  return (
    <>
      <FinishedLog items={state.log} />
      <Box flexDirection="column">
        <Text>
          <Text bold>ecs-alb-wizard</Text>
          <Text dimColor> {state.header ?? ''}</Text>
        </Text>
        {showGrid && <StepGrid steps={state.steps} />}
        <Box marginTop={1} flexDirection="column">
          <PhaseBody state={state} controls={controls} onMenu={onMenu} />
        </Box>
        {state.showCli && <CliPanel cli={state.lastCli} />}
        <KeyHints hints={hintsFor(state)} />
      </Box>
    </>
  );
}
