/**
 * How long one AWS request may take and how it is retried. Every request is bounded: a connection
 * that does not open, or an answer that does not come, fails with the SDK's `TimeoutError`, which
 * the SDK retries like any transient error; after the last attempt the command fails with a
 * message naming the call (see `friendlyError`).
 */
export type RequestPolicy = {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Longest wait for a TCP (and TLS) connection. */
  connectionTimeoutMs: number;
  /** Longest one attempt may take, from sending to the whole answer. */
  requestTimeoutMs: number;
  /** Ceiling of the retry delay; the delay doubles from `baseDelayMs` per attempt, full jitter. */
  maxDelayMs: number;
  baseDelayMs: number;
};

/**
 * AWS answers control-plane calls in well under a second, CreateLoadBalancer in a few. The
 * retry delay is capped at 2 s: a few throttles on a call cost about a second, not the 1-20 s
 * that the SDK's default throttling backoff (base 1 s, doubling) or its adaptive rate limiter
 * spend on a CLI that sends one call at a time.
 */
export const defaultRequestPolicy: RequestPolicy = {
  maxAttempts: 6,
  connectionTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  maxDelayMs: 2_000,
  baseDelayMs: 100,
};

/** The delay before retry number `attempt` (1 = the first retry): full jitter under a capped doubling. */
export function retryDelayMs(
  policy: Pick<RequestPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  attempt: number,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}
