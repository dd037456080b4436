import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { Connection } from '../aws/connect.js';
import type { LoadBalancerNode } from '../model/load-balancer.js';
import { WaitTimeoutError } from '../aws/wait.js';
import { healthSnapshot, waitForHealthyTargets } from '../steps/healthy-targets.js';
import { need } from '../steps/results.js';
import type { StepDeps } from '../steps/types.js';
import type { StepId } from '../model/steps.js';
import type { VerifiedStep } from '../model/verifications.js';
import { shownWait } from '../steps/shown-wait.js';
import { verify } from '../../verify/run.js';
import type { Criterion, VerificationInput, VerificationReport } from '../../verify/types.js';
import { stepDeps, type EngineDeps } from './deps.js';
import { stackVerificationTarget } from './expected-backends.js';
import { stackNodes } from './stack-nodes.js';
import { fetchStackTopology } from './stack-topology.js';

/** A load balancer's nodes for its DNS name and listener port, where DNS does not know the name (sandbox); empty: use DNS. */
export type ResolveLoadBalancer = (host: string, port: number) => Promise<LoadBalancerNode[]>;

/** The verifier's tuning a stack accepts; the URL and expected backends come from the stack itself. */
export type StackVerifySettings = Pick<
  VerificationInput,
  | 'concurrency'
  | 'timeoutMs'
  | 'budgetMs'
  | 'maxRequests'
  | 'hostnameRegex'
  | 'maxErrorRate'
  | 'tolerance'
  | 'onProgress'
  | 'dispatcher'
  | 'reresolveMs'
>;

/** The tuning part of what the flags gave (`verify/flags.ts` rules); `--url`-only values are left out. */
export function stackSettings(parsed: Omit<VerificationInput, 'url'>): StackVerifySettings {
  const { concurrency, timeoutMs, budgetMs, maxRequests, hostnameRegex, maxErrorRate, tolerance } = parsed;
  return { concurrency, timeoutMs, budgetMs, maxRequests, hostnameRegex, maxErrorRate, tolerance };
}

export type StackVerifyOptions = {
  /** The setup step this verification follows (`service`, `scale-out`): waits are reported under it, the verdict saved under it. */
  step: VerifiedStep;
  resolve?: ResolveLoadBalancer;
  settings?: StackVerifySettings;
  /** Wait until the load balancer's DNS name resolves before sending (AWS: a new name takes a while). */
  awaitDns?: boolean;
  /** Looks a host name up in DNS, rejecting while it does not resolve; default `dns.lookup`. */
  lookup?: (host: string) => Promise<unknown>;
  /** Every address of a name (A and AAAA), for the load balancer's nodes; default `dns.lookup` with `all`. */
  lookupAll?: (host: string) => Promise<{ address: string; family: number }[]>;
};

/**
 * How a connection reaches its load balancers: the sandbox through its resolver seam; AWS and
 * remote endpoints by DNS, after waiting for a new name to appear. A local endpoint's names
 * resolve at once or never, so there is nothing to wait for.
 */
export function reachOf(
  connection: Pick<Connection, 'local' | 'resolveLoadBalancer'>,
): Pick<StackVerifyOptions, 'resolve' | 'awaitDns'> {
  const resolve = connection.resolveLoadBalancer;
  return resolve ? { resolve } : { awaitDns: !connection.local };
}

export type StackVerification = {
  report: VerificationReport;
  /**
   * Set when the targets never all got healthy, or the load balancer's DNS name never resolved,
   * within the wait: what did not happen and the likely cause. The report then covers what could
   * be reached and is always a FAIL.
   */
  waitTimeout?: string;
};

/**
 * Verifies a stack the way the memo meant it: waits (bounded) until the healthy targets equal the
 * service's desired count, skipping the wait when they already do (ECS "stable" is not healthy);
 * takes the URL and expected backends from the stack (`stackVerificationTarget`); sends the
 * requests through the load balancer; saves the verdict with the stack. When the wait times out it
 * still verifies what runs, so the report names each silent task with its target health.
 */
export async function verifyStack(deps: EngineDeps, options: StackVerifyOptions): Promise<StackVerification> {
  const record = deps.store.get();
  if (!record) throw new Error('verify: this stack has no saved progress; run setup first');
  const { step } = options;
  const cluster = need(record.results, 'cluster').clusterName;
  const service = need(record.results, 'service').serviceName;
  const targetGroupArn = need(record.results, 'target-group').targetGroupArn;
  const hostPortRange = record.answers.hostPortRange;

  // A wait that ran out: verification still runs, so the report names what it could not reach.
  let notReady: Criterion | undefined;
  const timedOut = (id: Criterion['id'], title: string) => (error: unknown) => {
    if (!(error instanceof WaitTimeoutError)) throw error;
    notReady = { id, pass: false, title, evidence: error.message };
  };
  const sd = stepDeps(deps, record);
  const live = await healthSnapshot(sd, cluster, service, targetGroupArn);
  const ready = live.healthy === live.desired && live.running === live.desired && live.deployments <= 1;
  if (!ready) {
    await waitForHealthyTargets(sd, step, {
      cluster,
      service,
      targetGroupArn,
      desired: live.desired,
      ...(hostPortRange ? { hostPortRange } : {}),
    }).catch(timedOut('healthy-targets', 'healthy targets equal the desired count'));
  }

  const lb = need(record.results, 'load-balancer');
  const stack = await fetchStackTopology(
    deps.clients,
    { cluster, service, targetGroupArn, loadBalancerArn: lb.loadBalancerArn },
    deps.signal,
  );
  for (const what of stack.unread)
    deps.emit({ type: 'log', step, message: `verify without ${what}: the report cannot name causes that need it` });
  const target = await stackVerificationTarget(deps.clients, record.results, record.answers, deps.signal, {
    rampSeconds: stack.rampSeconds,
  });
  const { hostname, port } = new URL(target.url);
  const listenerPort = Number(port || 80);
  if (options.awaitDns && !notReady) {
    await waitForDns(sd, step, hostname, options.lookup ?? ((host) => dnsLookup(host))).catch(
      timedOut('dns-resolves', "the load balancer's DNS name resolves"),
    );
  }
  const measured = await verify({
    ...options.settings,
    ...target,
    topology: stack.topology,
    signal: deps.signal,
    ...(options.settings?.dispatcher
      ? {}
      : { resolveNodes: stackNodes(hostname, listenerPort, stack.zones, options.resolve, options.lookupAll) }),
  });
  const report: VerificationReport = notReady
    ? { ...measured, verdict: 'FAIL', criteria: [...measured.criteria, notReady] }
    : measured;

  const answered = report.backends.filter((b) => b.count > 0).length;
  deps.store.update((saved) => {
    saved.verifications = {
      ...saved.verifications,
      [step]: {
        verdict: report.verdict,
        backends: answered,
        expected: target.expected.length,
        requests: report.sent,
        at: report.startedAt,
      },
    };
  });
  return { report, ...(notReady ? { waitTimeout: notReady.evidence } : {}) };
}

/** Lookup errors that mean "not in DNS yet" (or the resolver could not say), worth waiting out. */
const NOT_YET = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENODATA', 'ESERVFAIL', 'ETIMEOUT']);

/**
 * Waits (bounded, shown) until the load balancer's DNS name resolves. A new ALB is `active` before
 * its name is always in DNS, and a resolver that asked too early keeps the miss for the zone's
 * negative TTL; requests sent meanwhile would all fail with ENOTFOUND. An IP address needs no wait.
 */
export async function waitForDns(
  deps: StepDeps,
  step: StepId,
  host: string,
  lookup: (host: string) => Promise<unknown>,
): Promise<void> {
  if (isIP(host) !== 0) return;
  await shownWait<string | undefined>(deps, {
    step,
    id: `${step}-dns`,
    what: `DNS name ${host} to resolve`,
    usually: 'usually under 2 min after the load balancer turns active',
    async check() {
      try {
        await lookup(host);
        return { done: true, value: undefined };
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code !== 'string' || !NOT_YET.has(code)) throw error;
        return { done: false, value: code, progress: `not in DNS yet (${code})` };
      }
    },
    explainTimeout: (code) =>
      `the name still does not resolve${code ? ` (${code})` : ''}: check that this machine's DNS reaches the internet; an internal load balancer's name resolves only to addresses inside its VPC`,
  });
}
