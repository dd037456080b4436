import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../source/ui/app.js';
import { at, finishedRecord } from '../engine/verifiable-stack.js';
import { renderScreen, type Screen } from '../ui/helpers/ink.js';
import { portVerifying, report } from './opened-stack.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

describe('the start screen of a stack saved with its verifications, through the real wizard port', () => {
  it('Given a finished stack verified after scale-out, Then the start screen says how and when it was last verified', async () => {
    // Given: verified after the service at 10:01 and after scale-out at 10:02
    const record = finishedRecord({
      verifications: {
        service: { verdict: 'PASS', backends: 1, expected: 1, requests: 200, at: at(1) },
        'scale-out': { verdict: 'PASS', backends: 2, expected: 2, requests: 200, at: at(2) },
      },
    });
    const { port } = portVerifying({ report }, record);
    // When
    screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
    // Then
    await screen.waitFor('set up, 0 resources recorded');
    expect(screen.frame()).toContain('Last verification: PASS after scale-out: 2 of 2 backends, 2025-12-01 10:02 UTC');
  });

  it('Given a verification saved before requests were recorded (an older file), Then the newest one is still shown', async () => {
    const record = finishedRecord({
      verifications: { service: { verdict: 'FAIL', backends: 0, expected: 1, at: at(5) } },
    });
    const { port } = portVerifying({ report }, record);
    screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
    await screen.waitFor('Last verification: FAIL after service: 0 of 1 backends, 2025-12-01 10:05 UTC');
  });

  it('Given a stack never verified, Then there is no verification line', async () => {
    const { port } = portVerifying({ report }, finishedRecord());
    screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
    await screen.waitFor('set up, 0 resources recorded');
    expect(screen.frame()).not.toContain('Last verification');
  });
});
