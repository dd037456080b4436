import { settled, type EarlyStopContext } from './early-stop.js';
import { expectedCountOf, resolveOptions } from './options.js';
import { createPool, sendOne, targetOf } from './send.js';
import { summarize } from './summarize.js';
import { createTally, recordOutcome } from './tally.js';
import type { StopReason, VerificationInput, VerificationOptions, VerificationReport } from './types.js';
import { judge } from './verdict.js';

/**
 * Fires GET requests at `input.url` from `concurrency` workers until the verdict is settled, the
 * request cap or the time budget is reached, or `signal` aborts; then summarizes and judges.
 * Never throws for network trouble: every failure is counted and reported.
 */
export async function verify(input: VerificationInput): Promise<VerificationReport> {
  const options = resolveOptions(input);
  const now = input.now ?? Date.now;
  const target = targetOf(options.url, options.connectTo);
  const ownPool = input.dispatcher ? undefined : createPool(target, options.concurrency);
  const dispatcher = input.dispatcher ?? ownPool;
  if (!dispatcher) throw new Error('create HTTP pool');
  const tally = createTally();
  const context: EarlyStopContext = {
    ...options,
    expectedIds: [...new Set((options.expected ?? []).map((b) => b.id))],
    expectedCount: expectedCountOf(options),
  };
  const startedAt = now();
  const deadline = startedAt + options.budgetMs;
  let decided: 'settled-pass' | 'settled-fail' | undefined;
  let lastProgress = startedAt;
  const progressEveryMs = input.progressEveryMs ?? 100;

  const canSend = (): boolean =>
    decided === undefined && tally.sent < options.maxRequests && now() < deadline && !input.signal?.aborted;

  const worker = async (): Promise<void> => {
    while (canSend()) {
      tally.sent += 1;
      const outcome = await sendOne(dispatcher, target, options);
      recordOutcome(tally, outcome);
      decided ??= settled(tally, context);
      if (input.onProgress && now() - lastProgress >= progressEveryMs) {
        lastProgress = now();
        input.onProgress(summarize(tally, options));
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await ownPool?.close();
  }
  const durationMs = now() - startedAt;
  const stoppedBecause: StopReason =
    decided ?? (input.signal?.aborted ? 'aborted' : tally.sent >= options.maxRequests ? 'request-cap' : 'time-budget');
  return buildReport(options, tally, stoppedBecause, startedAt, durationMs);
}

function buildReport(
  options: VerificationOptions,
  tally: ReturnType<typeof createTally>,
  stoppedBecause: StopReason,
  startedAt: number,
  durationMs: number,
): VerificationReport {
  const summary = summarize(tally, options);
  const judgement = judge(summary, options);
  return {
    url: options.url,
    ...judgement,
    ...summary,
    stoppedBecause,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(durationMs),
    requestsPerSecond: durationMs > 0 ? Math.round((summary.sent / durationMs) * 1000) : 0,
    options: {
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      budgetMs: options.budgetMs,
      maxRequests: options.maxRequests,
      maxErrorRate: options.maxErrorRate,
      alpha: options.alpha,
      minPerBackend: options.minPerBackend,
      hostnameRegex: options.hostnameRegex?.source,
      connectTo: options.connectTo,
    },
  };
}
