/**
 * What the verifier knows and reports about the load balancer itself: its settings (from the
 * caller), its nodes (as seen while sending), the evenness test, and the causes found.
 */

/** A load balancer routing algorithm (`load_balancing.algorithm.type`). */
export type Algorithm = 'round_robin' | 'least_outstanding_requests' | 'weighted_random';

/**
 * The target group's settings that change the spread, as the caller read them (on AWS,
 * DescribeTargetGroupAttributes). Every field is optional: what is absent is not judged.
 */
export type Topology = {
  /** The target group, for commands in the report (an ARN, or a name). */
  targetGroup?: string;
  /** Whether a node may send to targets in every AZ (ALB default true; `load_balancing.cross_zone.enabled`). */
  crossZone?: boolean;
  /** `stickiness.enabled`, `stickiness.type` and its cookie's lifetime in seconds. */
  stickiness?: { enabled: boolean; type?: string; durationSeconds?: number };
  /** `load_balancing.algorithm.type`; any other value than the three known ones is kept as given. */
  algorithm?: Algorithm | (string & {});
  /** `load_balancing.algorithm.anomaly_mitigation` on (weighted random only): weights move away from failing targets. */
  anomalyMitigation?: boolean;
  /** `slow_start.duration_seconds`: a new target's share ramps up over this long. 0 = off. */
  slowStartSeconds?: number;
  /** Ids backends may answer with instead of their expected id, and why (a fixed hostname, say). */
  otherIds?: { id: string; explanation: string }[];
  /** What to do about a finding, in the platform's terms; appended to its text. */
  fixes?: Partial<Record<FindingId, string>>;
};

/** What the verifier can see went wrong (a cause) or may matter (a note). */
export type FindingId =
  'cross-zone-off' | 'nodes-disjoint' | 'stickiness' | 'algorithm' | 'slow-start' | 'other-id' | 'no-expected-id';

/** `cause`: explains a failed criterion. `note`: true and worth knowing, but not a failure. */
export type Finding = { id: FindingId; severity: 'cause' | 'note'; text: string };

/** One load balancer node as the run saw it. */
export type NodeSummary = {
  address: string;
  port: number;
  zone?: string;
  subnetId?: string;
  /** Requests sent to it, answered with a backend id, failed. */
  sent: number;
  ok: number;
  failed: number;
  /** Backends it reached, most answers first. */
  backends: { id: string; count: number }[];
  /** Dropped from DNS during the run (no new requests went to it after that). */
  gone?: boolean;
  /** In DNS, but this machine could not connect to it (e.g. `ENETUNREACH` for IPv6 without a route): not sent to. */
  unreachable?: string;
};

/** The evenness test as the report states it. */
export type SpreadReport = {
  test: 'equivalence';
  /** `even`/`uneven`: shown at `confidence`; `undecided`: not yet shown; `not-judged`: evenness is not promised. */
  outcome: 'even' | 'uneven' | 'undecided' | 'not-judged';
  tolerance: number;
  confidence: number;
  /** The fair share 1/k and the band fair·(1 ± tolerance). */
  fair: number;
  low: number;
  high: number;
  /** Answers compared. */
  answers: number;
  /** Undecided: the answers in all a verdict likely needs (absent when a share sits on the band's edge). */
  answersNeeded?: number;
};
