import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { friendlyError, isAwsError } from '../aws/errors.js';
import { stackNames } from '../aws/names.js';
import { stepsFor } from '../steps/index.js';
import { lookAtInstances } from '../steps/instances.js';
import type { InstanceRow } from '../model/resources.js';
import { healthSnapshot, type HealthSnapshot } from '../steps/healthy-targets.js';
import type { StackRecord, StepStatus } from '../state/schema.js';
import type { StepId } from '../model/steps.js';
import type { EngineDeps } from './deps.js';

export type StackStatus = {
  stack: string;
  record?: StackRecord;
  steps: { id: StepId; title: string; status: StepStatus; error?: string }[];
  live: {
    loadBalancer?: { name: string; state: string; dnsName?: string };
    service?: HealthSnapshot & { name: string };
    /** With `--create-cluster`: the Auto Scaling group's instances and whether each is registered. */
    instances?: { group: string; cluster: string; desired: number; rows: InstanceRow[] };
    /** Why live state could not be read (e.g. no credentials); saved progress is still shown. */
    error?: string;
  };
};

/** Saved progress per step plus the live state from AWS: ALB state, targets with health, tasks. */
export async function loadStatus(
  stack: string,
  deps: Pick<EngineDeps, 'store' | 'signal'> & { clients?: EngineDeps['clients'] },
): Promise<StackStatus> {
  const record = deps.store.get();
  // Only the steps that apply: the capacity and instances steps only with --create-cluster.
  const stepsView = stepsFor(record?.answers ?? {}, stack).map((s) => {
    const saved = record?.steps[s.id];
    return {
      id: s.id,
      title: s.title,
      status: saved?.status ?? 'pending',
      ...(saved?.error ? { error: saved.error } : {}),
    };
  });
  const status: StackStatus = { stack, ...(record ? { record } : {}), steps: stepsView, live: {} };
  const clients = deps.clients;
  if (!record || !clients) return status;
  const lb = record.resources.find((r) => r.kind === 'load-balancer');
  const tg = record.results['target-group'];
  const cluster = record.results.cluster?.clusterName;
  try {
    if (lb) {
      try {
        const out = await clients.elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [lb.id] }), {
          abortSignal: deps.signal,
        });
        const found = out.LoadBalancers?.[0];
        status.live.loadBalancer = {
          name: lb.label,
          state: found?.State?.Code ?? 'missing',
          ...(found?.DNSName ? { dnsName: found.DNSName } : {}),
        };
      } catch (error) {
        if (!isAwsError(error, 'LoadBalancerNotFound')) throw error;
        status.live.loadBalancer = { name: lb.label, state: 'missing' };
      }
    }
    const capacity = record.results.capacity;
    if (capacity && record.resources.some((r) => r.kind === 'auto-scaling-group')) {
      const look = await lookAtInstances(
        { clients, signal: deps.signal },
        capacity.autoScalingGroupName,
        capacity.clusterName,
      );
      status.live.instances = {
        group: capacity.autoScalingGroupName,
        cluster: capacity.clusterName,
        desired: capacity.desired,
        rows: look.rows,
      };
    }
    if (tg && cluster && record.resources.some((r) => r.kind === 'service')) {
      const name = stackNames(stack).service;
      status.live.service = {
        name,
        ...(await healthSnapshot({ clients, signal: deps.signal }, cluster, name, tg.targetGroupArn)),
      };
    }
  } catch (error) {
    status.live.error = friendlyError(error).message;
  }
  return status;
}
