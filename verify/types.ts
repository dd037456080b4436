import type { Dispatcher } from 'undici';
import type { LoadBalancerNode } from '../source/model/load-balancer.js';
import type { Finding, NodeSummary, SpreadReport, Topology } from './topology-types.js';

export type * from './topology-types.js';

/** Where to open the TCP connection instead of the URL's host (like `curl --connect-to`). */
export type ConnectTo = { host: string; port: number };

/** A load balancer node to send to, with the subnet it sits in when known. */
export type VerifyNode = LoadBalancerNode & { subnetId?: string };

/**
 * A backend the verifier should hear from. Only `id` (the response body, e.g. a container's
 * 12-hex hostname) is required; the rest lets the report say which task, instance and host port
 * it is and why it may be silent or take less than its share. The verifier never looks these up.
 */
export type ExpectedBackend = {
  id: string;
  taskId?: string;
  instanceId?: string;
  hostPort?: number;
  /** The Availability Zone it runs in; with cross-zone load balancing off it decides its share. */
  zone?: string;
  /** Load balancer target state, e.g. `healthy`, `unhealthy`, `initial`. */
  targetHealth?: string;
  /** Load balancer reason code, e.g. `Target.Timeout`. */
  targetReason?: string;
  /** What to do when this backend never answers, in the platform's terms. */
  hint?: string;
  /** ISO time until which the load balancer may still ramp this target up (slow start). */
  rampsUntil?: string;
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
  /** Most requests to send. Default: room for a verdict (`defaultMaxRequests`). */
  maxRequests?: number;
  /** The backend id is this regex's first group (else the whole trimmed body). */
  hostnameRegex?: RegExp;
  /** Highest share of failed requests that still passes. Default 0. */
  maxErrorRate?: number;
  /** How far (relative) a share may stray from its fair share 1/k and still be even. Default 0.35. */
  tolerance?: number;
  /** Confidence with which the spread must be shown even (or uneven). Default 0.99. */
  confidence?: number;
  /** Answers each expected backend must give before an early PASS. Default 10. */
  minPerBackend?: number;
  connectTo?: ConnectTo;
  /** The load balancer's nodes to spread connections over; default: every address its name resolves to. */
  nodes?: VerifyNode[];
  /** Finds the nodes, at the start and again every `reresolveMs` (DNS answers change); overrides `nodes`. */
  resolveNodes?: () => Promise<VerifyNode[]>;
  /** How often a long run looks the nodes up again, ms. Default 30000. */
  reresolveMs?: number;
  /** What the caller knows about the load balancer's settings, so a FAIL can name its cause. */
  topology?: Topology;
  /** HTTP dispatcher to use for every node (tests pass an undici MockAgent); default a keep-alive `Pool` per node. */
  dispatcher?: Dispatcher;
  /** Stops sending when aborted (Ctrl+C); requests in flight still finish. */
  signal?: AbortSignal;
  /** Called at most every `progressEveryMs` with the running tally's summary. */
  onProgress?: (summary: Summary) => void;
  progressEveryMs?: number;
  now?: () => number;
};

/** The tuning a report echoes back: every one has a documented default. */
type TuningKey =
  | 'concurrency'
  | 'timeoutMs'
  | 'budgetMs'
  | 'maxRequests'
  | 'maxErrorRate'
  | 'tolerance'
  | 'confidence'
  | 'minPerBackend';

/** `VerificationInput` with every default applied. */
export type VerificationOptions = Required<Pick<VerificationInput, 'url' | TuningKey | 'reresolveMs'>> &
  Pick<VerificationInput, 'expected' | 'expectCount' | 'hostnameRegex' | 'connectTo' | 'topology'>;

/** `no-id`: a 2xx answer whose body held no backend id (empty, or `hostnameRegex` did not match). */
export type ErrorKind = 'status' | 'timeout' | 'refused' | 'reset' | 'no-id' | 'other';

/** How one request ended; `sticky` names a load balancer stickiness cookie the answer set. */
export type Outcome =
  | { kind: 'ok'; id: string; latencyMs: number; sticky?: string }
  | { kind: 'error'; error: ErrorKind; status?: number; code?: string; latencyMs?: number };

export type Latency = { p50: number; p95: number; p99: number };

/** One backend row: a backend heard from, or an expected one that stayed silent (count 0). */
export type BackendSummary = Omit<ExpectedBackend, 'id'> & {
  id: string;
  count: number;
  /** count / successful responses, 0..1. */
  share: number;
  /** The share's interval at the run's confidence, when the spread was judged. */
  interval?: { low: number; high: number };
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
  /** Every load balancer node requests went to, in the order they were found. */
  nodes: NodeSummary[];
  latency?: Latency;
  errors: ErrorSummary[];
  unexpected: string[];
  /** Expected backends never heard from, each with a one-line explanation. */
  missing: { id: string; explanation: string }[];
  /** Distinct backends expected: `expected.length`, `expectCount`, or undefined. */
  expectedCount?: number;
  /** Stickiness cookies the load balancer set (`AWSALB`, ...), with how many answers set each. */
  cookies: { name: string; count: number }[];
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

export type StopReason = 'settled-pass' | 'settled-fail' | 'request-cap' | 'time-budget' | 'aborted';

/** The full result: summary, the criteria, the causes found, and the verdict. Serialized as-is by `--json`. */
export type VerificationReport = Summary & {
  url: string;
  verdict: 'PASS' | 'FAIL';
  criteria: Criterion[];
  spread?: SpreadReport;
  findings: Finding[];
  stoppedBecause: StopReason;
  startedAt: string;
  durationMs: number;
  requestsPerSecond: number;
  options: Pick<VerificationOptions, TuningKey> & { hostnameRegex?: string; connectTo?: ConnectTo };
};
