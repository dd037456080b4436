import { steps as allSteps } from '../steps/index.js';
import type { StackRecord } from '../state/schema.js';
import type { Answers } from '../model/answers.js';
import type { StepId } from '../model/steps.js';
import { defaults } from '../steps/defaults.js';
import { stackNames } from '../aws/names.js';

export type PlanEntry = { id: StepId; title: string; why: string; done: boolean; commands: string[] };

/**
 * What setup would do, step by step, with the equivalent `aws` CLI commands. Pure: values known
 * from saved progress are filled in, the rest are shell variables set by earlier commands.
 */
export function buildPlan(stack: string, flagAnswers: Answers, record?: StackRecord): PlanEntry[] {
  const answers: Answers = { ...defaults, ...record?.answers, ...flagAnswers };
  const ctx = { stack, region: record?.region ?? '', results: record?.results ?? {} };
  for (const step of allSteps) if (step.settle) Object.assign(answers, step.settle(answers, ctx));
  // Steps that do not apply (the capacity of --create-cluster for an existing cluster) are left out.
  return allSteps
    .filter((step) => !step.skip?.(answers, ctx))
    .map((step) => {
      const result = (ctx.results as Record<string, unknown>)[step.id];
      return {
        id: step.id,
        title: step.title,
        why: step.why,
        done: record?.steps[step.id]?.status === 'done',
        commands: step.cli(answers, result, ctx),
      };
    });
}

/** The plan as a shell script a user could run by hand. */
export function planScript(stack: string, plan: PlanEntry[], answers: Answers): string {
  const lines = [
    '#!/bin/sh',
    `# ecs-alb-wizard plan for stack '${stack}': the aws CLI commands setup runs, in order.`,
    '# Uses your default AWS profile and region (set AWS_PROFILE / AWS_REGION to change them).',
    'set -eu',
    '',
  ];
  const cluster = answers.createCluster === 'true' ? stackNames(stack).cluster : answers.cluster;
  lines.push(cluster ? `CLUSTER=${cluster}` : 'CLUSTER="${CLUSTER:?set CLUSTER to your ECS cluster name}"');
  lines.push(
    answers.subnets
      ? `SUBNET_IDS="${answers.subnets.split(',').join(' ')}"`
      : 'SUBNET_IDS="${SUBNET_IDS:?set SUBNET_IDS to subnets in two or more Availability Zones}"',
  );
  lines.push('');
  for (const entry of plan) {
    lines.push(`# ${entry.title}`, `# ${entry.why}`, ...entry.commands, '');
  }
  return lines.join('\n');
}
