import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../source/ui/app.js';
import { FakePort, memoSteps } from './helpers/fake-port.js';
import { ENTER, renderScreen, type Screen } from './helpers/ink.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

describe('the wizard, a new stack', () => {
  it('shows what will be created, then takes every default with Enter through to PASS', async () => {
    // Given a new stack on the sandbox
    const port = new FakePort();
    const onExit = vi.fn();
    screen = await renderScreen(<App port={port} onExit={onExit} />);
    await screen.waitFor('It will create:');
    expect(screen.frame()).toContain('no AWS account, no cost');

    // When the user presses Enter on the start screen and at every question
    await screen.press(ENTER);
    for (const label of [
      'Which cluster?',
      'Subnets for the load balancer',
      'Listener port',
      'Health check path',
      'Deregistration delay',
      'Internet-facing?',
      'Scale to how many tasks?',
    ]) {
      await screen.waitFor(label);
      await screen.press(ENTER);
    }
    await screen.waitFor('Setup complete.');

    // Then the engine received the defaults
    expect(port.answers).toEqual({
      cluster: 'ecs-demo',
      subnets: ['subnet-a1', 'subnet-c1'],
      listenerPort: '80',
      healthCheckPath: '/hostname',
      deregistrationDelay: '30',
      scheme: true,
      scaleTo: '3',
    });
    // And the log shows each finished step with its results and both verdicts
    const frame = screen.frame();
    expect(frame).toContain('✔ Create the target group');
    expect(frame).toContain('created target group demo-tg  targetgroup/demo-tg/6d0ecf83…');
    expect(frame).toContain('✔ PASS with 1 backend (20/20 requests answered)');
    expect(frame).toContain('✔ PASS with 3 backends (60/60 requests answered)');
    expect(frame).toContain('0b7d4e9a12c3');
    expect(frame).toContain('--cluster ecs-demo');
    expect(onExit).not.toHaveBeenCalled();
  });

  it('warns that a setup on real AWS costs money', async () => {
    // Given a new stack on AWS (not the sandbox)
    screen = await renderScreen(<App port={new FakePort(memoSteps(), { sandbox: false })} onExit={vi.fn()} />);
    // Then the start screen says it costs money
    await screen.waitFor('This costs money on AWS');
  });
});
