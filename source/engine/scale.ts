import { friendlyError } from '../aws/errors.js';
import { scaleService } from '../steps/scale-out.js';
import { PlacementError } from '../steps/placement.js';
import type { ScaleOutResult } from '../model/results.js';
import { answerTable } from '../steps/answer-table.js';
import { stepDeps, type EngineDeps } from './deps.js';
import type { FriendlyError } from '../model/errors.js';
import { UsageError } from './usage-error.js';

export type ScaleOutcome = { ok: true; result: ScaleOutResult } | { ok: false; error: FriendlyError };

/**
 * `scale N`: sets the service's desired count and waits (bounded, with progress) until N targets
 * are healthy. Needs a stack whose service step is done.
 */
export async function runScale(stack: string, count: string, deps: EngineDeps): Promise<ScaleOutcome> {
  const problem = answerTable.scaleTo.validate(count);
  if (problem) throw new UsageError(problem.replace(answerTable.scaleTo.flag, 'scale N'));
  const record = deps.store.get();
  if (record?.steps.service?.status !== 'done') {
    throw new UsageError(`stack '${stack}' has no running service yet; run setup first`);
  }
  deps.emit({
    type: 'step-start',
    step: 'scale-out',
    title: `Scale the service to ${count}`,
    why: 'Change the desired count and wait until that many targets are healthy.',
  });
  try {
    const result = await scaleService(stepDeps(deps, record), Number(count));
    deps.store.update((r) => {
      r.answers.scaleTo = count;
      r.results['scale-out'] = result;
      r.steps['scale-out'] = { status: 'done', updatedAt: new Date(deps.now()).toISOString() };
    }, new Date(deps.now()));
    deps.emit({
      type: 'step-done',
      step: 'scale-out',
      title: `Scale the service to ${count}`,
      summary: [`${result.healthy}/${result.desiredCount} healthy targets`],
      cli: [],
    });
    return { ok: true, result };
  } catch (error) {
    // Running the same scale again cannot place what did not fit: the error's ways out say what can.
    const friendly = friendlyError(error, !(error instanceof PlacementError));
    deps.emit({ type: 'step-failed', step: 'scale-out', title: `Scale the service to ${count}`, error: friendly });
    return { ok: false, error: friendly };
  }
}
