/** Limits for one wait: overall timeout and the poll delay, growing from min to max. */
export type WaitPolicy = { timeoutMs: number; minDelayMs: number; maxDelayMs: number };

/** Defaults for real AWS: ALB provisioning takes minutes, health checks every 10 s. */
export const awsWaitPolicy: WaitPolicy = { timeoutMs: 15 * 60_000, minDelayMs: 3_000, maxDelayMs: 15_000 };

/** Thrown when a bounded wait ran out; the message names what did not happen and why. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

export type PollOptions<T> = {
  /** What is awaited, e.g. `load balancer demo-alb active`. */
  what: string;
  policy: WaitPolicy;
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** One look at AWS: whether we are done, the value, and a progress text such as `healthy 2/3`. */
  check(): Promise<{ done: boolean; value: T; progress?: string }>;
  onProgress?(value: T, progress: string | undefined): void;
  /** Explains a timeout from the last value seen (the likely cause). */
  explainTimeout?(last: T | undefined): string | undefined;
};

/**
 * Polls until `check` says done, with growing delays, bounded by `policy.timeoutMs` and the abort
 * signal. Uses injected `now`/`sleep` so tests run without real time passing.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<T> {
  const { policy, now, sleep, signal } = options;
  const started = now();
  let delay = policy.minDelayMs;
  let last: T | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const { done, value, progress } = await options.check();
    last = value;
    options.onProgress?.(value, progress);
    if (done) return value;
    const elapsed = now() - started;
    if (elapsed + delay > policy.timeoutMs) {
      const cause = options.explainTimeout?.(last);
      const seconds = Math.round(policy.timeoutMs / 1000);
      throw new WaitTimeoutError(
        `timed out after ${seconds}s waiting for ${options.what}${progress ? ` (${progress})` : ''}${cause ? `: ${cause}` : ''}. Raise --wait-timeout to wait longer`,
      );
    }
    await sleep(delay, signal);
    delay = Math.min(policy.maxDelayMs, Math.round(delay * 1.5));
  }
}

/** A sleep that ends early (rejecting) when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
