import type { SandboxClock } from './contracts.js';
import type { World } from './world.js';

/**
 * What every handler of the front shares: the world, the clock, and timers that die with the
 * sandbox. `changed()` schedules a save; `kick()` tells the data plane to reconcile servers and
 * health checks with the world after a change.
 */
export type Runtime = {
  world: World;
  clock: SandboxClock;
  region: string;
  accountId: string;
  changed: () => void;
  kick: () => void;
  /** A timeout cleared when the sandbox closes. */
  later: (realMs: number, run: () => void) => void;
  log: (line: string) => void;
};

/** Timers owned by one sandbox, cleared together on close. */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  later(realMs: number, run: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        run();
      },
      Math.max(0, realMs),
    );
    this.timers.add(timer);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
