import { WaitTimeoutError } from '../aws/wait.js';
import { healthSnapshot, waitForHealthyTargets } from '../steps/healthy-targets.js';
import { need } from '../steps/results.js';
import type { StepId } from '../steps/types.js';
import { verify } from '../../verify/run.js';
import type { VerificationInput, VerificationReport } from '../../verify/types.js';
import { stepDeps, type EngineDeps } from './deps.js';
import { stackVerificationTarget } from './expected-backends.js';

/** Where a load balancer listener really listens, when its DNS name is not reachable as is (sandbox). */
export type ResolveLoadBalancer = (host: string, port: number) => Promise<{ host: string; port: number } | undefined>;

/** The verifier's tuning a stack accepts; the URL and expected backends come from the stack itself. */
export type StackVerifySettings = Pick<
  VerificationInput,
  'concurrency' | 'timeoutMs' | 'budgetMs' | 'maxRequests' | 'hostnameRegex' | 'maxErrorRate' | 'onProgress' | 'dispatcher'
>;

/** The tuning part of what the flags gave (`verify/flags.ts` rules); `--url`-only values are left out. */
export function stackSettings(parsed: Omit<VerificationInput, 'url'>): StackVerifySettings {
  const { concurrency, timeoutMs, budgetMs, maxRequests, hostnameRegex, maxErrorRate } = parsed;
  return { concurrency, timeoutMs, budgetMs, maxRequests, hostnameRegex, maxErrorRate };
}

export type StackVerifyOptions = {
  /** The setup step this verification follows (`service`, `scale-out`): waits are reported under it, the verdict saved under it. */
  step: StepId;
  resolve?: ResolveLoadBalancer;
  settings?: StackVerifySettings;
};

export type StackVerification = {
  report: VerificationReport;
  /**
   * Set when the targets never all got healthy within the wait: what did not happen and the
   * likely cause. The report then covers the tasks running now and is always a FAIL.
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

  let waitTimeout: string | undefined;
  const sd = stepDeps(deps, record);
  const live = await healthSnapshot(sd, cluster, service, targetGroupArn);
  const ready = live.healthy === live.desired && live.running === live.desired && live.deployments <= 1;
  if (!ready) {
    try {
      await waitForHealthyTargets(sd, step, { cluster, service, targetGroupArn, desired: live.desired, ...(hostPortRange ? { hostPortRange } : {}) });
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      waitTimeout = error.message;
    }
  }

  const target = await stackVerificationTarget(deps.clients, record.results, record.answers, deps.signal);
  const { hostname, port } = new URL(target.url);
  const connectTo = await options.resolve?.(hostname, Number(port || 80));
  const measured = await verify({ ...options.settings, ...target, signal: deps.signal, ...(connectTo ? { connectTo } : {}) });
  const report = waitTimeout === undefined ? measured : notAtDesiredCount(measured, waitTimeout);

  const answered = report.backends.filter((b) => b.count > 0).length;
  deps.store.update((saved) => {
    saved.verifications = {
      ...saved.verifications,
      [step]: { verdict: report.verdict, backends: answered, expected: target.expected.length, at: report.startedAt },
    };
  });
  return { report, ...(waitTimeout === undefined ? {} : { waitTimeout }) };
}

/**
 * A report of a stack whose targets never all got healthy: a failed `healthy-targets` criterion
 * carrying the wait's message, so the verdict is FAIL whatever the running tasks answered.
 */
export function notAtDesiredCount(report: VerificationReport, waitTimeout: string): VerificationReport {
  return {
    ...report,
    verdict: 'FAIL',
    criteria: [...report.criteria, { id: 'healthy-targets', pass: false, title: 'healthy targets equal the desired count', evidence: waitTimeout }],
  };
}
