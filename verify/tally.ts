import { createHistogram, record, type Histogram } from './histogram.js';
import type { ErrorKind, Outcome, VerifyNode } from './types.js';

/** Distinct backend ids kept apart; beyond this, answers count under one overflow id. */
export const MAX_DISTINCT_BACKENDS = 1000;
/** Longest backend id kept; longer bodies are cut (a page of HTML is not a hostname). */
export const MAX_ID_LENGTH = 128;
export const OVERFLOW_ID = '(other backends)';

type ErrorCount = { kind: ErrorKind; status?: number; code?: string; count: number };

/** What one load balancer node did: requests sent to it, answers by backend, failures. */
export type NodeTally = {
  node: VerifyNode;
  /** No longer in DNS: no new requests go to it. */
  gone: boolean;
  /** The connect error that kept it out of the run, when this machine cannot reach it. */
  unreachable?: string;
  sent: number;
  ok: number;
  failed: number;
  backends: Map<string, number>;
};

/**
 * The streaming accumulator of a run: counts and latency histograms per backend and errors by
 * kind. Its size depends on the number of distinct backends and error kinds, never on the
 * number of requests.
 */
export type Tally = {
  sent: number;
  ok: number;
  failed: number;
  backends: Map<string, { count: number; latency: Histogram }>;
  errors: Map<string, ErrorCount>;
  latency: Histogram;
  /** Per load balancer node (`address:port`), in the order they were first sent to. */
  nodes: Map<string, NodeTally>;
  /** Stickiness cookies set, by name. */
  cookies: Map<string, number>;
};

export function createTally(): Tally {
  return {
    sent: 0,
    ok: 0,
    failed: 0,
    backends: new Map(),
    errors: new Map(),
    latency: createHistogram(),
    nodes: new Map(),
    cookies: new Map(),
  };
}

/** A node's tally, created when the node is first found; later calls refresh what is known of it. */
export function nodeTally(tally: Tally, key: string, node: VerifyNode, gone = false): NodeTally {
  let entry = tally.nodes.get(key);
  if (!entry) {
    entry = { node, gone, sent: 0, ok: 0, failed: 0, backends: new Map() };
    tally.nodes.set(key, entry);
  }
  entry.node = node;
  entry.gone = gone;
  return entry;
}

function errorKey(outcome: Extract<Outcome, { kind: 'error' }>): string {
  return `${outcome.error}:${outcome.status ?? ''}:${outcome.code ?? ''}`;
}

/** Counts one finished request, and on the node it went to when given. */
export function recordOutcome(tally: Tally, outcome: Outcome, node?: NodeTally): void {
  if (outcome.latencyMs !== undefined) record(tally.latency, outcome.latencyMs);
  if (outcome.kind === 'error') {
    tally.failed += 1;
    if (node) node.failed += 1;
    const key = errorKey(outcome);
    const entry = tally.errors.get(key);
    if (entry) entry.count += 1;
    else tally.errors.set(key, { kind: outcome.error, status: outcome.status, code: outcome.code, count: 1 });
    return;
  }
  tally.ok += 1;
  let id = outcome.id.slice(0, MAX_ID_LENGTH);
  if (!tally.backends.has(id) && tally.backends.size >= MAX_DISTINCT_BACKENDS) id = OVERFLOW_ID;
  let backend = tally.backends.get(id);
  if (!backend) {
    backend = { count: 0, latency: createHistogram() };
    tally.backends.set(id, backend);
  }
  backend.count += 1;
  record(backend.latency, outcome.latencyMs);
  if (node) {
    node.ok += 1;
    node.backends.set(id, (node.backends.get(id) ?? 0) + 1);
  }
  if (outcome.sticky !== undefined) tally.cookies.set(outcome.sticky, (tally.cookies.get(outcome.sticky) ?? 0) + 1);
}

/** Errors as `[label, count]`, e.g. `HTTP 502`, `timeout`, `connection refused`. */
export function errorLabel(error: { kind: ErrorKind; status?: number; code?: string }): string {
  switch (error.kind) {
    case 'status':
      return `HTTP ${error.status ?? '?'}`;
    case 'timeout':
      return 'timeout';
    case 'refused':
      return 'connection refused';
    case 'reset':
      return 'connection reset';
    case 'no-id':
      return 'answer without a backend id';
    case 'other':
      if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `DNS lookup failed (${error.code})`;
      return error.code ? `error ${error.code}` : 'error';
  }
}

export function errorEntries(tally: Tally): ErrorCount[] {
  return [...tally.errors.values()].sort((a, b) => b.count - a.count);
}
