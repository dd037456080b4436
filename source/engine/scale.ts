import { friendlyError } from '../aws/errors.js';
import { scaleService } from '../steps/scale-out.js';
import { PlacementError } from '../steps/placement.js';
import type { ScaleOutResult } from '../model/results.js';
import { answerTable } from '../steps/answer-table.js';
import { stepDeps, type EngineDeps } from './deps.js';
import type { FriendlyError } from '../model/errors.js';
import type { WatchReport } from '../../verify/watch-types.js';
import { UsageError } from './usage-error.js';
import { waitDrained } from './wait-drained.js';
import { watchStack, type StackWatchOptions } from './watch-stack.js';

/** The scale's own result, and the watch's report when it was watched. */
export type ScaleOutcome = ({ ok: true; result: ScaleOutResult } | { ok: false; error: FriendlyError }) & {
  watch?: WatchReport;
};

export type ScaleOptions = {
  /** Watch the change (a paced load through the load balancer, judged); absent: scale only. */
  watch?: StackWatchOptions;
};

/**
 * `scale N`: sets the service's desired count and waits (bounded, with progress) until N targets
 * are healthy; watched, it also waits until the old targets have drained and their tasks stopped,
 * with a paced load running throughout, and returns the watch's report. Needs a stack whose
 * service step is done.
 */
export async function runScale(
  stack: string,
  count: string,
  deps: EngineDeps,
  options: ScaleOptions = {},
): Promise<ScaleOutcome> {
  const problem = answerTable.scaleTo.validate(count);
  if (problem) throw new UsageError(problem.replace(answerTable.scaleTo.flag, 'scale N'));
  const record = deps.store.get();
  if (record?.steps.service?.status !== 'done') {
    throw new UsageError(`stack '${stack}' has no running service yet; run setup first`);
  }
  const title = `Scale the service to ${count}`;
  deps.emit({
    type: 'step-start',
    step: 'scale-out',
    title,
    why: options.watch
      ? 'Change the desired count with requests flowing, wait until that many targets are healthy and the old ones drained, and judge what the load balancer did meanwhile.'
      : 'Change the desired count and wait until that many targets are healthy.',
  });
  const sd = stepDeps(deps, record);
  let watch: WatchReport | undefined;
  try {
    let result: ScaleOutResult;
    if (options.watch) {
      const watched = await watchStack(deps, 'scale', options.watch, async ({ observer }) => {
        const scaled = await scaleService(sd, Number(count));
        await waitDrained(sd, observer, 'scale-out');
        return scaled;
      });
      watch = watched.report;
      if (watched.error !== undefined || !watched.outcome)
        throw watched.error instanceof Error ? watched.error : new Error(`scale: ${String(watched.error)}`);
      result = watched.outcome;
    } else {
      result = await scaleService(sd, Number(count));
    }
    deps.store.update((r) => {
      r.answers.scaleTo = count;
      r.results['scale-out'] = result;
      r.steps['scale-out'] = { status: 'done', updatedAt: new Date(deps.now()).toISOString() };
    }, new Date(deps.now()));
    deps.emit({
      type: 'step-done',
      step: 'scale-out',
      title,
      summary: [`${result.healthy}/${result.desiredCount} healthy targets`],
      cli: [],
    });
    return { ok: true, result, ...(watch ? { watch } : {}) };
  } catch (error) {
    // Running the same scale again cannot place what did not fit: the error's ways out say what can.
    const friendly = friendlyError(error, !(error instanceof PlacementError));
    deps.emit({ type: 'step-failed', step: 'scale-out', title, error: friendly });
    return { ok: false, error: friendly, ...(watch ? { watch } : {}) };
  }
}
