import type { VerificationInput, VerificationOptions } from './types.js';

export const DEFAULTS = {
  concurrency: 8,
  timeoutMs: 5_000,
  budgetMs: 60_000,
  requestsWithoutExpectations: 100,
  maxErrorRate: 0,
  alpha: 0.001,
  minPerBackend: 10,
} as const;

/** How many distinct backends the run expects: the listed ids, else `expectCount`. */
export function expectedCountOf(options: Pick<VerificationOptions, 'expected' | 'expectCount'>): number | undefined {
  if (options.expected && options.expected.length > 0) return new Set(options.expected.map((b) => b.id)).size;
  return options.expectCount;
}

/**
 * The request cap when none is given: a fixed 100 without expectations (DESIGN §6); with k
 * expected backends max(200, 30k), enough room for an early stop (~10k) and for a silent backend
 * to become statistically certain (≈ 14k requests).
 */
export function defaultMaxRequests(expectedCount: number | undefined): number {
  if (expectedCount === undefined) return DEFAULTS.requestsWithoutExpectations;
  return Math.max(200, 30 * expectedCount);
}

/** Applies the defaults. Validation of user input happens in the command, not here. */
export function resolveOptions(input: VerificationInput): VerificationOptions {
  const expectedCount = expectedCountOf(input);
  return {
    url: input.url,
    expected: input.expected,
    expectCount: input.expectCount,
    hostnameRegex: input.hostnameRegex,
    connectTo: input.connectTo,
    concurrency: input.concurrency ?? DEFAULTS.concurrency,
    timeoutMs: input.timeoutMs ?? DEFAULTS.timeoutMs,
    budgetMs: input.budgetMs ?? DEFAULTS.budgetMs,
    maxRequests: input.maxRequests ?? defaultMaxRequests(expectedCount),
    maxErrorRate: input.maxErrorRate ?? DEFAULTS.maxErrorRate,
    alpha: input.alpha ?? DEFAULTS.alpha,
    minPerBackend: input.minPerBackend ?? DEFAULTS.minPerBackend,
  };
}
