import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../source/ui/app.js';
import type { StepId } from '../../source/model/steps.js';
import { FakePort, memoSteps } from './helpers/fake-port.js';
import { ARROW_DOWN, BACKSPACE, ENTER, ESC, renderScreen, type Screen } from './helpers/ink.js';
import { deployPassing, scaleOutInWith502 } from '../verify/helpers/watch-reports.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

const allDone = () => memoSteps().map((s) => s.id);

async function openFinished(port: FakePort): Promise<Screen> {
  const opened = await renderScreen(<App port={port} onExit={vi.fn()} />);
  await opened.waitFor('set up, 0 resources recorded');
  return opened;
}

/** Moves the menu's focus down to the option starting with `label`, then takes it. */
async function choose(s: Screen, label: string): Promise<void> {
  for (let i = 0; i < 6 && !s.frame().includes(`❯ ${label}`); i += 1) await s.press(ARROW_DOWN);
  await s.waitFor(`❯ ${label}`);
  await s.press(ENTER);
}

describe('the wizard on a finished stack: scale and deploy, watched', () => {
  it('Given a finished stack, when it opens, then its menu offers scale (in or out) and a new revision', async () => {
    screen = await openFinished(new FakePort(memoSteps(), { done: allDone() }));
    const frame = screen.frame();
    expect(frame).toContain('Scale (in or out): change the task count, watched');
    expect(frame).toContain('Deploy a new revision: new image or environment, watched');
  });

  it('Given a stack without its service yet, when it opens, then neither scale nor deploy is offered', async () => {
    const done: StepId[] = ['account', 'cluster', 'network'];
    screen = await renderScreen(<App port={new FakePort(memoSteps(), { done })} onExit={vi.fn()} />);
    await screen.waitFor('Resume setup');
    expect(screen.frame()).not.toContain('Scale (in or out)');
    expect(screen.frame()).not.toContain('Deploy a new revision');
  });

  it('Given the scale chosen, when 3 is asked for, then lanes show the tasks live, then the verdict and the menu', async () => {
    const port = new FakePort(memoSteps(), { done: allDone() });
    port.watchReport = scaleOutInWith502();
    port.holdChangeAt = 20;
    screen = await openFinished(port);
    await choose(screen, 'Scale (in or out)');
    await screen.waitFor('How many tasks should the service run? (now 1)');
    await screen.type('3');
    await screen.press(ENTER);
    // Then, 20 s in, the three containers each have a lane, and the step list gave way to them
    await screen.waitFor('Watching the scale · 20 s');
    const live = screen.frame();
    for (const id of ['a1b2c3d4e5f6', '0f1e2d3c4b5a', '9a8b7c6d5e4f'])
      expect(live).toMatch(new RegExp(`^${id} .* healthy `, 'm'));
    expect(live).toMatch(/^failures\s+0$/m);
    expect(live).not.toContain('account');
    // and the wait is one line: the lanes stand in for its targets table
    expect(live).toContain('3 healthy targets for service demo-svc');
    expect(live).not.toContain('Elb.RegistrationInProgress');
    for (const line of live.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(live.split('\n').length).toBeLessThanOrEqual(24);
    // When the change goes on to the end
    port.release();
    await screen.waitFor('scale done: FAIL');
    // Then the verdict stays in the log with the failed criterion's fix, and the menu is back
    const all = screen.all();
    expect(all).toContain('✖ FAIL: scale watched 60 s, 1200 requests, 1 failed');
    expect(all).toContain('fix: Set deregistration_delay.timeout_seconds below the container stopTimeout');
    expect(all).toContain(
      '✖ Tasks stop only after draining: task 7c1d88aa stopped at 41.0 s, its target drained at 48.0 s',
    );
    expect(all).toContain('✔ New tasks answer soon: within 0.1 s of healthy');
    expect(screen.frame()).toContain('Scale (in or out)');
    expect(screen.frame()).not.toContain('Watching the scale');
    expect(port.changes).toEqual([{ kind: 'scale', values: { count: '3' } }]);
  });

  it('Given the scale chosen, when the count breaks its rule, then it says so and runs nothing; Esc goes back', async () => {
    const port = new FakePort(memoSteps(), { done: allDone() });
    screen = await openFinished(port);
    await choose(screen, 'Scale (in or out)');
    await screen.waitFor('How many tasks');
    await screen.type('0');
    await screen.press(ENTER);
    await screen.waitFor('scale N must be a whole number from 1 to 1000');
    expect(port.changes).toEqual([]);
    await screen.press(BACKSPACE);
    await screen.press(ESC);
    await screen.waitFor('Scale the service (in or out): cancelled, nothing changed.');
    expect(port.changes).toEqual([]);
  });

  it('Given deploy chosen, when the image is kept and a variable set, then the deploy runs with them, watched', async () => {
    const port = new FakePort(memoSteps(), { done: allDone() });
    port.watchReport = deployPassing();
    screen = await openFinished(port);
    await choose(screen, 'Deploy a new revision');
    await screen.waitFor('Image of the new revision');
    expect(screen.frame()).toContain('busybox (enter keeps it)');
    await screen.press(ENTER);
    await screen.waitFor('Environment variables to set');
    expect(screen.frame()).toContain('✔ Image of the new revision busybox');
    await screen.type('COLOR=blue');
    await screen.press(ENTER);
    await screen.waitFor('deploy done: PASS');
    expect(screen.all()).toContain('✔ PASS: deploy watched 40 s, 400 requests, 0 failed');
    expect(port.changes).toEqual([{ kind: 'deploy', values: { image: 'busybox', env: 'COLOR=blue' } }]);
  });
});
