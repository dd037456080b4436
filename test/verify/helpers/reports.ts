import { summarize } from '../../../verify/summarize.js';
import { createTally, recordOutcome } from '../../../verify/tally.js';
import type { ExpectedBackend, Outcome, Topology, VerificationReport } from '../../../verify/types.js';
import { findCauses } from '../../../verify/causes.js';
import { judge } from '../../../verify/verdict.js';

/** A report built from outcomes with fixed timing, so rendered text is stable. */
export function reportOf(outcomes: Outcome[], expected?: ExpectedBackend[], topology?: Topology): VerificationReport {
  const tally = createTally();
  for (const outcome of outcomes) {
    tally.sent += 1;
    recordOutcome(tally, outcome);
  }
  const summary = summarize(tally, { expected });
  const options = {
    concurrency: 8,
    timeoutMs: 5000,
    budgetMs: 60000,
    maxRequests: 200,
    maxErrorRate: 0,
    tolerance: 0.35,
    confidence: 0.99,
    minPerBackend: 10,
  };
  const judgement = judge(summary, { ...options, topology });
  const judged = { ...summary, backends: judgement.backends };
  const startedAt = '2026-11-25T10:00:00.000Z';
  return {
    url: 'http://demo-alb-1234.ap-northeast-1.elb.amazonaws.com/hostname',
    ...judged,
    verdict: judgement.verdict,
    criteria: judgement.criteria,
    ...(judgement.spread ? { spread: judgement.spread } : {}),
    findings: findCauses(judged, topology, {
      spread: judgement.spread,
      allAnswered: judgement.criteria[0]?.pass ?? false,
      startedAt: Date.parse(startedAt),
    }),
    stoppedBecause: 'settled-pass',
    startedAt,
    durationMs: 420,
    requestsPerSecond: Math.round(summary.sent / 0.42),
    options,
  };
}

export const ok = (id: string, latencyMs = 2): Outcome => ({ kind: 'ok', id, latencyMs });
export const times = (n: number, outcome: Outcome): Outcome[] => Array.from({ length: n }, () => outcome);

/** Three tasks from ECS, one of them silent because its target is unhealthy. */
export const ecsBackends: ExpectedBackend[] = [
  {
    id: '3f2a9b1c0d4e',
    taskId: 'arn:aws:ecs:ap-northeast-1:123456789012:task/ecs-demo/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    instanceId: 'i-0abc1234def567890',
    hostPort: 32768,
    targetHealth: 'healthy',
  },
  {
    id: '77aa00bb11cc',
    taskId: 'arn:aws:ecs:ap-northeast-1:123456789012:task/ecs-demo/1b2c3d4e5f60718293a4b5c6d7e8f90a',
    instanceId: 'i-0def5678abc123456',
    hostPort: 32771,
    targetHealth: 'healthy',
  },
  {
    id: 'c0ffee000001',
    taskId: 'arn:aws:ecs:ap-northeast-1:123456789012:task/ecs-demo/3f2a4e5f60718293a4b5c6d7e8f90a1b',
    instanceId: 'i-0abc1234def567890',
    hostPort: 32772,
    targetHealth: 'unhealthy',
    targetReason: 'Target.Timeout',
    hint: "the instances' security group must allow the ALB security group on 32768-65535",
  },
];
