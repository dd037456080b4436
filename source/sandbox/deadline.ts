import type { Runtime } from './runtime.js';

/**
 * Runs `run` on a sandbox timer once the wall clock (`now`, default `Date.now`) has reached
 * `deadline` (epoch ms, possibly fractional: scaled AWS durations rarely are whole milliseconds).
 *
 * Why not one `later(deadline - now)`: Node runs timers by the event loop's clock (monotonic, whole
 * milliseconds, updated once per loop turn), not by `Date.now()`, so a timer can fire a millisecond
 * or two before the wall-clock deadline it was armed for. Code that then checks "is it time?" and
 * does nothing when it is not would wait forever. Here an early firing re-arms for the rest, so the
 * deadline is never missed and `run` never sees a time before it.
 */
export function laterAt(
  rt: Pick<Runtime, 'later'>,
  deadline: number,
  run: () => void,
  now: () => number = Date.now,
): void {
  const arm = (): void => {
    // Node turns delays under 1 ms into 1 ms anyway; round up so a fraction is not lost.
    rt.later(Math.max(1, Math.ceil(deadline - now())), () => {
      if (now() >= deadline) run();
      else arm();
    });
  };
  arm();
}
