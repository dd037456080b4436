import { verify } from '../../verify/run.js';
import type { VerificationReport } from '../../verify/types.js';
import { stepDeps, type EngineDeps } from '../engine/deps.js';
import { fetchExpectedBackends } from '../engine/expected-backends.js';
import { healthSnapshot, waitForHealthyTargets } from '../steps/healthy-targets.js';
import { need } from '../steps/results.js';
import type { StepId } from '../steps/types.js';

/** Where a load balancer listener really listens, when its DNS name is not reachable as is (sandbox). */
export type ResolveLoadBalancer = (host: string, port: number) => Promise<{ host: string; port: number } | undefined>;

/**
 * Verifies a stack the way the memo meant it: waits until the healthy targets equal the service's
 * desired count (stable is not healthy), takes the expected backends from ECS (RUNNING tasks →
 * container hostnames, host ports, instances, target health), sends requests through the load
 * balancer and saves the verdict with the stack. Waits are reported under `step`.
 */
export async function verifyStack(deps: EngineDeps, step: StepId, resolve?: ResolveLoadBalancer): Promise<VerificationReport> {
  const record = deps.store.get();
  if (!record) throw new Error('verify: this stack has no saved progress; run setup first');
  const results = record.results;
  const cluster = need(results, 'cluster').clusterName;
  const service = need(results, 'service').serviceName;
  const targetGroupArn = need(results, 'target-group').targetGroupArn;
  const { dnsName } = need(results, 'load-balancer');
  const { port } = need(results, 'listener');
  const hostPortRange = record.answers.hostPortRange;
  const sd = stepDeps(deps, record);

  const live = await healthSnapshot(sd, cluster, service, targetGroupArn);
  const ready = live.healthy === live.desired && live.running === live.desired && live.deployments <= 1;
  if (!ready) await waitForHealthyTargets(sd, step, { cluster, service, targetGroupArn, desired: live.desired, ...(hostPortRange ? { hostPortRange } : {}) });
  const containerPort = Number(record.answers.containerPort);
  const expected = await fetchExpectedBackends(
    deps.clients,
    { cluster, service, targetGroupArn, ...(containerPort > 0 ? { containerPort } : {}), ...(hostPortRange ? { hostPortRange } : {}) },
    deps.signal,
  );
  const path = record.answers.healthCheckPath ?? '/hostname';
  const url = `http://${dnsName}${port === 80 ? '' : `:${port}`}${path}`;
  const connectTo = resolve ? await resolve(dnsName, port) : undefined;
  const report = await verify({ url, expected, signal: deps.signal, ...(connectTo ? { connectTo } : {}) });

  const answered = report.backends.filter((b) => b.count > 0).length;
  deps.store.update((saved) => {
    saved.verifications = { ...saved.verifications, [step]: { verdict: report.verdict, backends: answered, expected: expected.length, at: report.startedAt } };
  });
  return report;
}
