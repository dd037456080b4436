import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../source/ui/app.js';
import { FakePort, memoSteps, type FakeStep } from './helpers/fake-port.js';
import { ARROW_DOWN, BACKSPACE, ENTER, ESC, SPACE, renderScreen, type Screen } from './helpers/ink.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

/** Only the steps up to and including `last`, so a test stops where it looks. */
function stepsUntil(last: FakeStep['id'], change?: (steps: FakeStep[]) => void): FakeStep[] {
  const steps = memoSteps();
  change?.(steps);
  return steps.slice(0, steps.findIndex((s) => s.id === last) + 1);
}

async function start(port: FakePort): Promise<Screen> {
  screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
  await screen.waitFor('Start setup');
  await screen.press(ENTER);
  return screen;
}

describe('questions', () => {
  it('does not ask a question a flag answered, and shows it as answered', async () => {
    // Given --cluster was given as a flag: the engine asks nothing for the cluster step
    const port = new FakePort(
      stepsUntil('network', (steps) => {
        const cluster = steps.find((s) => s.id === 'cluster');
        if (cluster) {
          delete cluster.questions;
          cluster.answered = [{ key: 'cluster', flag: '--cluster', value: 'ecs-demo', source: 'flag' }];
        }
      }),
    );
    const s = await start(port);
    // When the wizard reaches the network step
    await s.waitFor('Subnets for the load balancer');
    // Then the cluster was never asked, and the log shows the flag's value as answered
    expect(port.asked).not.toContain('cluster');
    expect(s.frame()).not.toContain('Which cluster?');
    expect(s.frame()).toContain('--cluster ecs-demo (from flag)');
  });

  it('shows a validation error inline and accepts the corrected value', async () => {
    // Given the security-groups step asks for the listener port
    const port = new FakePort(stepsUntil('security-groups'));
    const s = await start(port);
    await s.waitFor('Which cluster?');
    await s.press(ENTER);
    await s.waitFor('Subnets for the load balancer');
    await s.press(ENTER);
    await s.waitFor('Listener port');
    // When the user replaces 80 with 99999 and submits
    await s.press(BACKSPACE);
    await s.press(BACKSPACE);
    await s.type('99999');
    await s.press(ENTER);
    // Then the error shows under the input and the step does not go on
    await s.waitFor('✖ a port is a whole number from 1 to 65535');
    expect(port.answers.listenerPort).toBeUndefined();
    // When the user corrects it to 8080
    for (let i = 0; i < 5; i++) await s.press(BACKSPACE);
    await s.type('8080');
    await s.press(ENTER);
    // Then the step runs with 8080 and the error is gone
    await s.waitFor('--listener-port 8080');
    expect(port.answers.listenerPort).toBe('8080');
    expect(s.frame()).not.toContain('✖ a port is');
  });

  it('rejects a multi-select with fewer than two subnets until one is added back', async () => {
    // Given the subnets question with two defaults ticked
    const port = new FakePort(stepsUntil('network'));
    const s = await start(port);
    await s.waitFor('Which cluster?');
    await s.press(ENTER);
    await s.waitFor('Subnets for the load balancer');
    // When the user unticks the first and submits
    await s.press(SPACE);
    await s.press(ENTER);
    // Then the rule is shown inline
    await s.waitFor('✖ pick subnets in at least two AZs');
    // When the user ticks the third subnet instead and submits
    await s.press(ARROW_DOWN);
    await s.press(ARROW_DOWN);
    await s.press(SPACE);
    await s.press(ENTER);
    await s.waitFor('Setup complete.');
    expect(port.answers.subnets).toEqual(['subnet-c1', 'subnet-d1']);
  });

  it('goes back to the previous question of the step with Esc', async () => {
    // Given the target-group step asks two questions
    const port = new FakePort(stepsUntil('target-group', (steps) => steps.splice(1, 3)));
    const s = await start(port);
    await s.waitFor('Health check path');
    await s.press(ENTER);
    await s.waitFor('Deregistration delay');
    // When the user presses Esc at the second question
    await s.press(ESC);
    // Then the first question is asked again, holding the value given
    await s.waitFor('question 1/2');
    expect(s.frame()).toContain('? Health check path');
    // When the user changes it and goes through both again
    for (let i = 0; i < '/hostname'.length; i++) await s.press(BACKSPACE);
    await s.type('/healthz');
    await s.press(ENTER);
    await s.waitFor('question 2/2');
    await s.press(ENTER);
    // Then the engine gets the corrected first answer
    await s.waitFor('Setup complete.');
    expect(port.answers).toMatchObject({ healthCheckPath: '/healthz', deregistrationDelay: '30' });
  });
});
