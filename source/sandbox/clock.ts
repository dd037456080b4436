import { setTimeout as sleepReal } from 'node:timers/promises';
import type { SandboxClock } from './contracts.js';

/** A clock on which AWS durations run `timeScale` times faster than real time. */
export function createClock(timeScale: number): SandboxClock {
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new Error(`time scale must be a positive number, got ${timeScale}`);
  const real = (awsMs: number): number => awsMs / timeScale;
  return {
    timeScale,
    real,
    async sleep(awsMs, signal) {
      await sleepReal(real(awsMs), undefined, { signal });
    },
    now: () => new Date(),
  };
}
