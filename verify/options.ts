import { evenAnswersNeeded } from './evenness.js';
import type { VerificationInput, VerificationOptions } from './types.js';

export const DEFAULTS = {
  concurrency: 8,
  timeoutMs: 5_000,
  budgetMs: 60_000,
  /** The smallest default request cap; also the answers a run without expectations sends at least. */
  requestsFloor: 2_000,
  requestsWithoutExpectations: 100,
  maxErrorRate: 0,
  tolerance: 0.35,
  confidence: 0.99,
  minPerBackend: 10,
  reresolveMs: 30_000,
} as const;

/** How many distinct backends the run expects: the listed ids, else `expectCount`. */
export function expectedCountOf(options: Pick<VerificationOptions, 'expected' | 'expectCount'>): number | undefined {
  if (options.expected && options.expected.length > 0) return new Set(options.expected.map((b) => b.id)).size;
  return options.expectCount;
}

/**
 * The request cap when none is given: room for a verdict either way. Four times what an exactly
 * even split over the expected backends needs to be shown even, and at least 2,000 (enough to show
 * a 2:1:1 split uneven at the default tolerance, ~1,100 answers). Without expectations 2,000.
 */
export function defaultMaxRequests(
  expectedCount: number | undefined,
  settings: { tolerance: number; confidence: number } = DEFAULTS,
): number {
  if (expectedCount === undefined) return DEFAULTS.requestsFloor;
  return Math.max(DEFAULTS.requestsFloor, 4 * evenAnswersNeeded(expectedCount, settings));
}

/** Applies the defaults. Validation of user input happens in the command, not here. */
export function resolveOptions(input: VerificationInput): VerificationOptions {
  const expectedCount = expectedCountOf(input);
  const tolerance = input.tolerance ?? DEFAULTS.tolerance;
  const confidence = input.confidence ?? DEFAULTS.confidence;
  return {
    url: input.url,
    expected: input.expected,
    expectCount: input.expectCount,
    hostnameRegex: input.hostnameRegex,
    connectTo: input.connectTo,
    topology: input.topology,
    concurrency: input.concurrency ?? DEFAULTS.concurrency,
    timeoutMs: input.timeoutMs ?? DEFAULTS.timeoutMs,
    budgetMs: input.budgetMs ?? DEFAULTS.budgetMs,
    maxRequests: input.maxRequests ?? defaultMaxRequests(expectedCount, { tolerance, confidence }),
    maxErrorRate: input.maxErrorRate ?? DEFAULTS.maxErrorRate,
    tolerance,
    confidence,
    minPerBackend: input.minPerBackend ?? DEFAULTS.minPerBackend,
    reresolveMs: input.reresolveMs ?? DEFAULTS.reresolveMs,
  };
}
