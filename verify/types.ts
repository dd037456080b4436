import type { Dispatcher } from 'undici';

/** Where to open the TCP connection instead of the URL's host (like `curl --connect-to`). */
export type ConnectTo = { host: string; port: number };

/**
 * A backend the verifier should hear from. Only `id` (the response body, e.g. a container's
 * 12-hex hostname) is required; the rest lets the report say which task, instance and host port
 * it is and why it may be silent. The verifier never looks these up itself.
 */
export type ExpectedBackend = {
  id: string;
  taskId?: string;
  instanceId?: string;
  hostPort?: number;
  /** Load balancer target state, e.g. `healthy`, `unhealthy`, `initial`. */
  targetHealth?: string;
  /** Load balancer reason code, e.g. `Target.Timeout`. */
  targetReason?: string;
  /** What to do when this backend never answers, in the platform's terms. */
  hint?: string;
};

/** What a caller may set; everything else has a documented default (see `resolveOptions`). */
export type VerificationInput = {
  url: string;
  expected?: ExpectedBackend[];
  /** Number of distinct backends to expect when their ids are not known. */
  expectCount?: number;
  /** Parallel requests in flight. Default 8. */
  concurrency?: number;
  /** Per-request headers and body timeout, ms. Default 5000. */
  timeoutMs?: number;
  /** Overall time budget, ms: no request starts after it. Default 60000. */
  budgetMs?: number;
  /** Most requests to send. Default 100, or max(200, 30 × expected backends) with expectations. */
  maxRequests?: number;
  /** The backend id is this regex's first group (else the whole trimmed body). */
  hostnameRegex?: RegExp;
  /** Highest share of failed requests that still passes. Default 0. */
  maxErrorRate?: number;
  /** Significance of the even-spread test. Default 0.001. */
  alpha?: number;
  /** Answers each expected backend must give before an early PASS. Default 10. */
  minPerBackend?: number;
  connectTo?: ConnectTo;
  /** HTTP dispatcher to use (tests pass an undici MockAgent); default a keep-alive `Pool`. */
  dispatcher?: Dispatcher;
  /** Stops sending when aborted (Ctrl+C); requests in flight still finish. */
  signal?: AbortSignal;
  /** Called at most every `progressEveryMs` with the running tally's summary. */
  onProgress?: (summary: Summary) => void;
  progressEveryMs?: number;
  now?: () => number;
};

/** `VerificationInput` with every default applied. */
export type VerificationOptions = Required<
  Pick<
    VerificationInput,
    'url' | 'concurrency' | 'timeoutMs' | 'budgetMs' | 'maxRequests' | 'maxErrorRate' | 'alpha' | 'minPerBackend'
  >
> &
  Pick<VerificationInput, 'expected' | 'expectCount' | 'hostnameRegex' | 'connectTo'>;

/** `no-id`: a 2xx answer whose body held no backend id (empty, or `hostnameRegex` did not match). */
export type ErrorKind = 'status' | 'timeout' | 'refused' | 'reset' | 'no-id' | 'other';

/** How one request ended. */
export type Outcome =
  | { kind: 'ok'; id: string; latencyMs: number }
  | { kind: 'error'; error: ErrorKind; status?: number; code?: string; latencyMs?: number };

export type Latency = { p50: number; p95: number; p99: number };

/** One backend row: a backend heard from, or an expected one that stayed silent (count 0). */
export type BackendSummary = Omit<ExpectedBackend, 'id'> & {
  id: string;
  count: number;
  /** count / successful responses, 0..1. */
  share: number;
  /** Milliseconds; undefined when the backend never answered. */
  latency?: Latency;
  /** Named in `expected` (false for every row when only a count or nothing was expected). */
  expected: boolean;
};

export type ErrorSummary = { kind: ErrorKind; status?: number; code?: string; label: string; count: number };

/** The pure digest of a run: what a report shows and the verdict judges. */
export type Summary = {
  sent: number;
  ok: number;
  failed: number;
  backends: BackendSummary[];
  latency?: Latency;
  errors: ErrorSummary[];
  unexpected: string[];
  /** Expected backends never heard from, each with a one-line explanation. */
  missing: { id: string; explanation: string }[];
  /** Distinct backends expected: `expected.length`, `expectCount`, or undefined. */
  expectedCount?: number;
};

/**
 * The verifier judges the first four. `healthy-targets` and `dns-resolves` are added by a caller
 * that knows the backends were not all reachable before sending (stack mode after a timed-out
 * healthy wait, or a load balancer name that never resolved); they always fail, so such a run is
 * never a PASS.
 */
export type CriterionId =
  'all-answered' | 'no-unexpected' | 'error-rate' | 'even-spread' | 'healthy-targets' | 'dns-resolves';

export type Criterion = { id: CriterionId; pass: boolean; title: string; evidence: string };

export type BalanceTest = {
  test: 'pearson-chi-square';
  statistic: number;
  df: number;
  pValue: number;
  alpha: number;
};

export type StopReason = 'settled-pass' | 'settled-fail' | 'request-cap' | 'time-budget' | 'aborted';

/** The full result: summary, the four criteria, and the verdict. Serialized as-is by `--json`. */
export type VerificationReport = Summary & {
  url: string;
  verdict: 'PASS' | 'FAIL';
  criteria: Criterion[];
  balance?: BalanceTest;
  stoppedBecause: StopReason;
  startedAt: string;
  durationMs: number;
  requestsPerSecond: number;
  options: Pick<
    VerificationOptions,
    'concurrency' | 'timeoutMs' | 'budgetMs' | 'maxRequests' | 'maxErrorRate' | 'alpha' | 'minPerBackend'
  > & { hostnameRegex?: string; connectTo?: ConnectTo };
};
