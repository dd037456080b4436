import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { WizardControls } from '../hooks/use-wizard.js';
import type { WizardState } from '../state/types.js';
import { kindName } from '../format/kind-name.js';
import { ActionMenu, type MenuAction } from './action-menu.js';
import { ChangeForm } from './change-form.js';
import { CurrentStep } from './current-step.js';
import { ErrorBox } from './error-box.js';
import { QuestionForm } from './question-form.js';
import { SlowCalls } from './slow-calls.js';
import { StartScreen } from './start-screen.js';
import { TeardownConfirm } from './teardown-confirm.js';
import { WaitPanel } from './wait-panel.js';
import { WatchLanes } from './watch-lanes.js';

const formTitles = { scale: 'Scale the service (in or out)', deploy: 'Deploy a new task definition revision' } as const;

type Props = { state: WizardState; controls: WizardControls; onMenu: (action: MenuAction) => void };

/** The live area under the step list: what this phase shows and asks. */
export function PhaseBody({ state, controls, onMenu }: Props) {
  const { phase } = state;
  switch (phase.name) {
    case 'loading':
      return <Spinner label="Loading saved progress" />;
    case 'start': {
      const { progress } = phase;
      const done = progress.steps.filter((s) => s.status === 'done').length;
      const started = done > 0 || progress.resources.length > 0;
      const serviceDone = progress.steps.some((s) => s.id === 'service' && s.status === 'done');
      const complete = done === progress.steps.length;
      const actions: MenuAction[] = started
        ? [
            ...(complete ? [] : (['setup'] as const)),
            // A running service can be verified, scaled and redeployed, each change watched.
            ...(serviceDone ? (['verify', 'scale', 'deploy'] as const) : []),
            ...(progress.resources.length > 0 ? (['teardown'] as const) : []),
            'quit',
          ]
        : ['setup', 'quit'];
      const label = started ? `Resume setup (${done}/${progress.steps.length} steps done)` : 'Start setup';
      return (
        <Box flexDirection="column">
          <StartScreen progress={progress} />
          <ActionMenu actions={actions} labelOf={{ setup: label }} onSelect={onMenu} />
        </Box>
      );
    }
    case 'failed':
      return (
        <Box flexDirection="column">
          <ErrorBox title={state.steps.find((s) => s.id === phase.step)?.title ?? phase.step} error={phase.error} />
          <ActionMenu actions={phase.canSkip ? ['retry', 'skip', 'quit'] : ['retry', 'quit']} onSelect={onMenu} />
        </Box>
      );
    case 'menu':
      return (
        <Box flexDirection="column">
          <Text bold>{phase.message}</Text>
          <ActionMenu actions={['verify', 'scale', 'deploy', 'teardown', 'quit']} onSelect={onMenu} />
        </Box>
      );
    case 'change-form':
      return (
        <ChangeForm
          title={formTitles[phase.change]}
          fields={phase.fields}
          onDone={(values) => controls.change(phase.change, values)}
          onCancel={() => controls.backToMenu(`${formTitles[phase.change]}: cancelled, nothing changed.`)}
        />
      );
    case 'changing':
      return (
        <Box flexDirection="column">
          {state.current && <CurrentStep step={state.current} />}
          {/* The lanes show the targets as they come and go: the wait's own table would not fit 24 rows. */}
          <WaitPanel waits={state.waits.map(({ targets: _targets, ...wait }) => wait)} />
          <SlowCalls calls={state.calls} />
          {state.watch ? (
            <WatchLanes watch={state.watch} />
          ) : (
            <Spinner label="Starting the watch: a paced load through the load balancer" />
          )}
        </Box>
      );
    case 'teardown-confirm':
      return (
        <TeardownConfirm
          resources={phase.resources}
          onConfirm={controls.teardown}
          onCancel={() => controls.backToMenu('Teardown cancelled: nothing was deleted.')}
        />
      );
    case 'interrupted':
      return (
        <Box flexDirection="column">
          <Spinner label="Stopping: letting the current AWS call return, progress stays saved" />
          <SlowCalls calls={state.calls} />
        </Box>
      );
    case 'done':
      return (
        <Box flexDirection="column">
          {phase.lines.map((line, i) => (
            <Text key={i} bold={i === 0}>
              {line}
            </Text>
          ))}
        </Box>
      );
    case 'setup':
    case 'verifying':
    case 'teardown':
      return (
        <Box flexDirection="column">
          {state.current && <CurrentStep step={state.current} />}
          {state.deleting && <Spinner label={`Deleting ${kindName(state.deleting.kind)} ${state.deleting.label}`} />}
          {state.question && (
            <QuestionForm key={state.seq} questions={state.question.questions} onDone={controls.answer} />
          )}
          <WaitPanel waits={state.waits} />
          <SlowCalls calls={state.calls} />
          {phase.name === 'verifying' && state.waits.length === 0 && (
            <Spinner label="Sending requests through the load balancer" />
          )}
        </Box>
      );
  }
}
