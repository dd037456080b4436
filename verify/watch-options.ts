import { DEFAULTS } from './options.js';
import type { WatchInput } from './watch-types.js';

/** The watch's defaults; the README and `--help` state the same. */
export const WATCH_DEFAULTS = {
  /** Requests per second. */
  rate: 20,
  /** The longest a watch runs: 10 min. */
  durationMs: 600_000,
  /** A new task must answer within 10 s of its target turning healthy. */
  answerWithinMs: 10_000,
  /** Events are seen up to one poll late: 2 s. */
  eventLagMs: 2_000,
  /** After the change, the spread over the new set has up to 60 s to settle. */
  settleMs: 60_000,
  /** Failures kept with their context (the first ones); the rest are counted. */
  maxFailuresKept: 1_000,
} as const;

/** The watch's settings with every default applied. */
export type WatchSettings = {
  rate: number;
  durationMs: number;
  answerWithinMs: number;
  eventLagMs: number;
  maxErrorRate: number;
  timeoutMs: number;
};

/** Applies the defaults. Validation of user input happens in `flags.ts` (the CLI), not here. */
export function watchSettings(input: WatchInput): WatchSettings {
  return {
    rate: input.rate ?? WATCH_DEFAULTS.rate,
    durationMs: input.durationMs ?? WATCH_DEFAULTS.durationMs,
    answerWithinMs: input.answerWithinMs ?? WATCH_DEFAULTS.answerWithinMs,
    eventLagMs: input.eventLagMs ?? WATCH_DEFAULTS.eventLagMs,
    maxErrorRate: input.maxErrorRate ?? DEFAULTS.maxErrorRate,
    timeoutMs: input.timeoutMs ?? DEFAULTS.timeoutMs,
  };
}
