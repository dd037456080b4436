import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../source/ui/app.js';
import { FakePort, memoSteps } from './helpers/fake-port.js';
import { ENTER, renderScreen, type Screen } from './helpers/ink.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

/** Runs setup through the service and the scale-out (Enter at the start screen and the one question). */
async function setupThrough(port: FakePort): Promise<Screen> {
  const shown = await renderScreen(<App port={port} onExit={vi.fn()} />);
  await shown.waitFor('Start setup');
  await shown.press(ENTER);
  await shown.waitFor('Scale to how many tasks?');
  await shown.press(ENTER);
  return shown;
}

describe("the wizard's line after setup says whether the spread is proven", () => {
  it('Given verifications that FAIL, When setup ends, Then the menu says the spread is not proven, never that it spreads', async () => {
    // Given
    const port = new FakePort(memoSteps().slice(9), { verdict: 'FAIL' });
    // When
    screen = await setupThrough(port);
    // Then
    await screen.waitFor('the spread is not proven: the verification FAILED');
    expect(screen.frame()).toContain('✖ FAIL with 3 backends');
    expect(screen.frame()).not.toContain('Requests spread over every task');
    expect(screen.frame()).not.toContain('Setup complete.');
  });

  it('Given verifications that PASS, When setup ends, Then the menu says the requests spread over every task', async () => {
    screen = await setupThrough(new FakePort(memoSteps().slice(9)));
    await screen.waitFor('Setup complete. Requests spread over every task: verified.');
    expect(screen.frame()).not.toContain('not proven');
  });
});
