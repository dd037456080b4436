import { describe, expect, it } from 'vitest';
import { createPlainLog } from '../../source/commands/kit/plain-log.js';
import type { RunnerEvent } from '../../source/model/events.js';

/** The call watch's reports for one call: at 3 s, then every second to `lastMs`, then its end. */
function slowCall(id: string, what: string, lastMs: number, endMs: number): RunnerEvent[] {
  const reports: RunnerEvent[] = [];
  for (let ms = 3000; ms <= lastMs; ms += 1000)
    reports.push({ type: 'aws-call', id, what, startedAt: 0, elapsedMs: ms, ended: false });
  reports.push({ type: 'aws-call', id, what, startedAt: 0, elapsedMs: endMs, ended: true });
  return reports;
}

function logOf(events: RunnerEvent[]): string[] {
  const lines: string[] = [];
  const log = createPlainLog((line) => lines.push(line));
  for (const event of events) log(event);
  return lines;
}

describe('the plain log of slow AWS calls', () => {
  it('Given a call reported every second from 3 s to 4 s, Then the log says once what it waits for, and when it ended', () => {
    expect(logOf(slowCall('aws-call-1', 'ELBv2 CreateLoadBalancer', 4000, 4200))).toEqual([
      '  \u2026 waiting for ELBv2 CreateLoadBalancer (3s so far)',
      '  ELBv2 CreateLoadBalancer ended after 4.2s',
    ]);
  });

  it('Given a call that runs for over a minute, Then it is named again every 30 s, not every second', () => {
    expect(logOf(slowCall('aws-call-2', 'ECS DescribeServices', 65_000, 65_500))).toEqual([
      '  \u2026 waiting for ECS DescribeServices (3s so far)',
      '  \u2026 still waiting for ECS DescribeServices (30s so far)',
      '  \u2026 still waiting for ECS DescribeServices (60s so far)',
      '  ECS DescribeServices ended after 65.5s',
    ]);
  });

  it('Given two slow calls at once, Then each gets its own lines', () => {
    const a = slowCall('aws-call-3', 'IAM CreateRole', 3000, 3100);
    const b = slowCall('aws-call-4', 'EC2 DescribeSubnets', 3000, 3300);
    expect(logOf([a[0], b[0], a[1], b[1]] as RunnerEvent[])).toEqual([
      '  \u2026 waiting for IAM CreateRole (3s so far)',
      '  \u2026 waiting for EC2 DescribeSubnets (3s so far)',
      '  IAM CreateRole ended after 3.1s',
      '  EC2 DescribeSubnets ended after 3.3s',
    ]);
  });
});
