import { isAwsError } from './errors.js';
import { pollUntil, type WaitPolicy } from './wait.js';

export type RetryDeps = {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  waits: WaitPolicy;
};

/**
 * Runs `action` until it stops failing with one of `retryOn` (e.g. ResourceInUse,
 * DependencyViolation), with growing delays bounded by the wait policy. Other errors throw at
 * once; running out of time throws a message naming what still holds the resource.
 */
export async function retryWhile<T>(
  what: string,
  retryOn: string[],
  action: () => Promise<T>,
  deps: RetryDeps,
  holder: string,
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  let attempt = 0;
  let lastError: unknown;
  const outcome = await pollUntil<{ ok: true; value: T } | { ok: false }>({
    what,
    policy: deps.waits,
    now: deps.now,
    sleep: deps.sleep,
    ...(deps.signal ? { signal: deps.signal } : {}),
    async check() {
      attempt++;
      try {
        const value = await action();
        return { done: true, value: { ok: true, value } };
      } catch (error) {
        if (!isAwsError(error, ...retryOn)) throw error;
        lastError = error;
        onRetry?.(attempt, error);
        return { done: false, value: { ok: false }, progress: `attempt ${attempt}` };
      }
    },
    explainTimeout: () => `${holder} (${lastError instanceof Error ? lastError.message : String(lastError)})`,
  });
  if (!outcome.ok) throw new Error(`${what}: gave up`);
  return outcome.value;
}
