import type { WatchClock } from './watch-types.js';

/**
 * The watch's schedule: slot i starts at `startMs + i * 1000 / rate`, so the pace never drifts with
 * timer jitter (each slot's time comes from its index, not from the previous timer). A scheduler
 * that wakes late sends the slots it missed at once, up to `maxBurst` of them; older missed slots
 * are dropped and counted as `late`, so a stalled event loop never turns into a burst that would
 * itself disturb the load balancer. Achieved rate = slots sent / time, and says so when it falls short.
 */
export class Pacer {
  private issued = 0;
  /** Slots dropped because the scheduler woke more than `maxBurst` slots late. */
  late = 0;

  constructor(
    readonly rate: number,
    readonly startMs: number,
    readonly maxBurst: number = defaultBurst(rate),
  ) {}

  /** Slots whose time has come by `nowMs` and that are to start now (at most `maxBurst`). */
  due(nowMs: number): number {
    const reached = Math.floor(((nowMs - this.startMs) * this.rate) / 1000) + 1;
    const waiting = reached - this.issued;
    if (waiting <= 0) return 0;
    const now = Math.min(waiting, this.maxBurst);
    this.late += waiting - now;
    this.issued = reached;
    return now;
  }

  /** When the next slot is due (epoch ms). */
  nextAt(): number {
    return this.startMs + (this.issued * 1000) / this.rate;
  }

  /** Slots handed out or dropped so far. */
  get slots(): number {
    return this.issued;
  }
}

/** 50 ms worth of slots, at least 2: enough to absorb timer jitter, too few to be a burst. */
export function defaultBurst(rate: number): number {
  return Math.max(2, Math.ceil(rate * 0.05));
}

/** The requests that may be in flight at once: one timeout's worth at the rate (at least 4). */
export function inFlightCap(rate: number, timeoutMs: number): number {
  return Math.max(4, Math.ceil((rate * timeoutMs) / 1000));
}

/** Achieved requests per second and its relative error against the asked `rate`. */
export function achievedRate(
  sent: number,
  durationMs: number,
  rate: number,
): { achieved: number; pacingError: number } {
  const achieved = durationMs > 0 ? (sent * 1000) / durationMs : 0;
  return { achieved, pacingError: rate > 0 ? Math.abs(achieved - rate) / rate : 0 };
}

/** The real clock: `now` (default `Date.now`) and `setTimeout`. */
export function realClock(now: () => number = Date.now): WatchClock {
  return {
    now,
    after(ms, run) {
      const timer = setTimeout(run, Math.max(0, ms));
      return () => clearTimeout(timer);
    },
  };
}
