import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { stackNames } from '../aws/names.js';
import { awsCommand, val } from './cli-text.js';
import { defaults } from './defaults.js';
import { waitForHealthyTargets } from './healthy-targets.js';
import { need } from './results.js';
import type { ScaleOutResult } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import type { Step, StepDeps } from './types.js';

const PROMPT_SCALE = 'How many tasks should the service scale out to? (the memo went to 3)';

/**
 * Sets the service's desired count and waits until that many targets are healthy. Shared by the
 * scale-out step and the `scale` command.
 */
export async function scaleService(
  deps: StepDeps,
  count: number,
  step: 'scale-out' | 'service' = 'scale-out',
): Promise<ScaleOutResult> {
  const { results } = deps.context;
  const cluster = need(results, 'cluster').clusterName;
  const tg = need(results, 'target-group');
  const service = stackNames(deps.stack).service;
  try {
    await deps.clients.ecs.send(new UpdateServiceCommand({ cluster, service, desiredCount: count }), {
      abortSignal: deps.signal,
    });
  } catch (cause) {
    throw new Error(`set the desired count of ${service} to ${count}`, { cause });
  }
  const snap = await waitForHealthyTargets(deps, step, {
    cluster,
    service,
    targetGroupArn: tg.targetGroupArn,
    desired: count,
  });
  return { desiredCount: count, healthy: snap.healthy };
}

/** Step 11: the memo's scale-out to 3, waited until three targets are healthy. */
export const scaleOutStep: Step<ScaleOutResult> = {
  id: 'scale-out',
  title: 'Scale the service out',
  why: 'With several tasks on dynamic ports the ALB spreads requests over them; we wait until every new target is healthy before anyone verifies.',
  keys: ['scaleTo'],
  questions: (known) => textQuestions(known, { scaleTo: PROMPT_SCALE }),
  validate: (answers) => checkAnswers(answers, ['scaleTo']),
  execute: (answers, deps) => scaleService(deps, Number(answers.scaleTo)),
  summary: (r) => [`${r.healthy}/${r.desiredCount} healthy targets`],
  cli(answers, _result, ctx) {
    const names = stackNames(ctx?.stack ?? 'demo');
    const cluster = val(ctx?.results.cluster?.clusterName ?? answers.cluster, 'CLUSTER');
    return [
      awsCommand(
        'ecs update-service',
        ['--cluster', cluster],
        ['--service', names.service],
        ['--desired-count', answers.scaleTo ?? defaults.scaleTo],
      ),
      awsCommand('ecs wait services-stable', ['--cluster', cluster], ['--services', names.service]),
    ];
  },
};
