import { guardCommand } from './kit/guard.js';
import { headlessAsk } from './kit/headless-ask.js';
import { openSession, parseCommonFlags } from './kit/session.js';
import { verifiedSteps } from '../engine/setup-flow.js';
import { loadStatus, type StackStatus } from '../engine/status.js';
import { StackStore } from '../state/store.js';
import { UsageError } from '../engine/usage-error.js';
import type { CommandInput } from './kit/types.js';

const MARK = { pending: '\u00b7', running: '\u2026', done: '\u2713', failed: '\u2717' } as const;

function where(record: NonNullable<StackStatus['record']>): string {
  if (!record.endpointUrl) return record.region;
  return record.endpointUrl === 'sandbox' ? `${record.region} (sandbox)` : `${record.region} via ${record.endpointUrl}`;
}

/** Plain text of a stack's status: each step, each resource, and the live targets. */
export function formatStatus(status: StackStatus): string {
  const lines = [
    `Stack '${status.stack}'${status.record ? ` in ${where(status.record)}` : ': nothing saved yet'}`,
    '',
    'Steps:',
  ];
  for (const step of status.steps)
    lines.push(
      `  ${MARK[step.status]} ${step.title}${step.status === 'done' ? '' : ` (${step.status})`}${step.error ? `: ${step.error}` : ''}`,
    );
  if (status.record && status.record.resources.length > 0) {
    lines.push('', 'Resources:');
    for (const r of status.record.resources) lines.push(`  ${r.kind.padEnd(19)} ${r.label}`);
  }
  const { loadBalancer, service, error } = status.live;
  if (loadBalancer)
    lines.push(
      '',
      `Load balancer ${loadBalancer.name}: ${loadBalancer.state}${loadBalancer.dnsName ? ` http://${loadBalancer.dnsName}` : ''}`,
    );
  if (status.live.instances) {
    const { group, cluster, desired, rows } = status.live.instances;
    const registered = rows.filter((r) => r.registered).length;
    lines.push(
      `Auto Scaling group ${group}: ${rows.length}/${desired} instances, ${registered} registered in ${cluster}`,
    );
    for (const r of rows)
      lines.push(
        `  ${r.instanceId.padEnd(21)} ${r.az.padEnd(17)} ${r.ec2State.padEnd(14)} ${r.registered ? 'registered' : 'not registered'}`,
      );
  }
  if (service) {
    lines.push(
      `Service ${service.name}: ${service.running}/${service.desired} tasks running, ${service.healthy}/${service.desired} targets healthy`,
    );
    for (const t of service.targets)
      lines.push(`  ${`${t.instanceId}:${t.port}`.padEnd(28)} ${t.state}${t.reason ? ` (${t.reason})` : ''}`);
    if (service.targets.some((t) => t.state === 'initial'))
      lines.push('  (health checks of new targets are still running; run status again in a few seconds)');
  }
  const verifications = verifiedSteps.flatMap((after) => {
    const v = status.record?.verifications?.[after];
    return v ? [{ after, ...v }] : [];
  });
  if (verifications.length > 0) {
    lines.push('', 'Last verification:');
    for (const { after, verdict, backends, expected, requests, at } of verifications) {
      lines.push(
        `  after ${after}: ${verdict} (${backends} of ${expected} backends answered${requests === undefined ? '' : `, ${requests} requests`}, ${at})`,
      );
    }
  }
  if (error) lines.push('', `Live state unavailable: ${error}`);
  return `${lines.join('\n')}\n`;
}

/** `status`: saved progress per step plus the live state of every resource. Read-only; no lock. */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const flags = parseCommonFlags(input.flags);
    if (input.positionals.length > 0)
      throw new UsageError(`status takes no arguments, got '${input.positionals.join(' ')}'`);
    const record = new StackStore(flags.stateDir, flags.stack).get();
    let status: StackStatus;
    if (!record) {
      status = await loadStatus(flags.stack, {
        store: new StackStore(flags.stateDir, flags.stack),
        signal: new AbortController().signal,
      });
    } else {
      const session = await openSession(flags, input.connect, 'status', { lock: false });
      try {
        status = await loadStatus(
          flags.stack,
          session.deps(() => undefined, headlessAsk),
        );
      } finally {
        await session.close();
      }
    }
    if (flags.json) {
      const { record: saved, ...rest } = status;
      input.stdout.write(
        `${JSON.stringify({ ...rest, resources: saved?.resources ?? [], results: saved?.results ?? {} }, null, 2)}\n`,
      );
    } else {
      input.stdout.write(formatStatus(status));
    }
    return 0;
  });
}
