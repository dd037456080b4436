import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../source/ui/app.js';
import type { RunIo } from '../../source/ui/port.js';
import type { StepId } from '../../source/model/steps.js';
import { FakePort, memoSteps } from './helpers/fake-port.js';
import { ENTER, renderScreen, type Screen } from './helpers/ink.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

/** A port whose setup first sits on a slow CreateLoadBalancer call, as the call watch reports it, until released. */
class SlowCallPort extends FakePort {
  private finish?: () => void;
  private io?: RunIo;

  report(elapsedMs: number, ended = false): void {
    this.io?.emit({
      type: 'aws-call',
      id: 'aws-call-7',
      what: 'ELBv2 CreateLoadBalancer',
      startedAt: 0,
      elapsedMs,
      ended,
    });
  }

  finishCall(): void {
    this.report(9400, true);
    this.finish?.();
  }

  override async setup(io: RunIo, options: { skip: StepId[] }) {
    this.io = io;
    this.report(3000);
    await new Promise<void>((resolve) => (this.finish = resolve));
    return super.setup(io, options);
  }
}

describe('the wizard shows what AWS call it is waiting for', () => {
  it('Given a call running long, Then the live area names it with its time, updates it, and drops it when it ends', async () => {
    // Given
    const port = new SlowCallPort(memoSteps().slice(9));
    screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
    await screen.waitFor('Start setup');
    // When
    await screen.press(ENTER);
    // Then
    await screen.waitFor('waiting for ELBv2 CreateLoadBalancer\u2026 3 s');
    port.report(7000);
    await screen.waitFor('waiting for ELBv2 CreateLoadBalancer\u2026 7 s');
    expect(screen.frame()).not.toContain('\u2026 3 s');
    // When it ends, Then the line goes
    port.finishCall();
    await screen.waitFor('Scale to how many tasks?');
    expect(screen.frame()).not.toContain('ELBv2 CreateLoadBalancer');
  });
});
