import { guardCommand, withInterrupts } from './kit/guard.js';
import { headlessAsk } from './kit/headless-ask.js';
import { headlessLog } from './kit/headless-log.js';
import { runScale } from '../engine/scale.js';
import { openSession, parseCommonFlags } from './kit/session.js';
import { UsageError } from '../engine/usage-error.js';
import { reachOf, stackSettings, type StackVerifySettings } from '../engine/verify-stack.js';
import { printWatch, watchExit } from './kit/watch-output.js';
import { parseWatchFlags } from './kit/watch-flags.js';
import { FlagError, parseVerifyFlags } from '../../verify/flags.js';
import { answerTable } from '../steps/answer-table.js';
import type { CommandInput } from './kit/types.js';

/** The verifier's tuning flags, checked by the same rules as `verify`'s; a bad one is a usage error (exit 2). */
function tuningOf(flags: CommandInput['flags']): StackVerifySettings {
  try {
    return stackSettings(parseVerifyFlags(flags));
  } catch (error) {
    if (error instanceof FlagError) throw new UsageError(error.message);
    throw error;
  }
}

/** The task count `scale N` was given, checked by the rule of `--scale-to` (1 to MAX_TASKS). */
function countOf(positionals: string[]): string {
  const [count, ...extra] = positionals;
  if (count === undefined || extra.length > 0)
    throw new UsageError('scale takes one argument: the task count, e.g. scale 3');
  const problem = answerTable.scaleTo.validate(count);
  if (!problem) return count.trim();
  const zero = /^0+$/.test(count.trim()) ? ' (to remove the service and everything else, run teardown)' : '';
  throw new UsageError(`${problem.replace(answerTable.scaleTo.flag, 'scale N')}${zero}`);
}

/**
 * `scale N`: sets the desired count with a paced load running through the load balancer, waits
 * until N targets are healthy and the old ones drained, and judges the change (`--rate`,
 * `--answer-within`, `--report FILE`; the spread over the new set is the verifier's evenness
 * test). `--no-watch` only scales, then verifies the spread over the N tasks (tuned by verify's
 * --concurrency, --requests, ...). Exit 0 PASS, 1 FAIL, 2 usage, 130 interrupted.
 */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    // The count and every flag are judged on their own first: nothing is read or connected for a bad value.
    const count = countOf(input.positionals);
    const flags = parseCommonFlags(input.flags);
    const watched = parseWatchFlags(input.flags, true);
    const settings = tuningOf(input.flags);
    const session = await openSession(flags, input.connect, 'scale', { lock: true });
    try {
      const log = headlessLog(input, flags.json);
      const deps = session.deps(log, headlessAsk);
      if (watched.watch) {
        const { resolve } = reachOf(session.connection);
        const outcome = await withInterrupts(session.controller, () =>
          runScale(flags.stack, count, deps, {
            watch: { settings: watched.settings, ...(resolve ? { resolve } : {}) },
          }),
        );
        const aborted = session.controller.signal.aborted;
        const { watch, ...own } = outcome;
        if (watch) {
          await printWatch(watch, {
            stdout: input.stdout,
            stderr: input.stderr,
            json: flags.json,
            title: `scale ${flags.stack} to ${count}`,
            ...(watched.reportFile ? { reportFile: watched.reportFile } : {}),
            extra: { stack: flags.stack, change: 'scale', outcome: own },
            ...(own.ok ? {} : { failure: `✗ Scale the service to ${count}: ${own.error.message}` }),
          });
        } else if (flags.json) input.stdout.write(`${JSON.stringify({ stack: flags.stack, ...own }, null, 2)}\n`);
        return watchExit(watch, outcome.ok, aborted);
      }
      const outcome = await withInterrupts(session.controller, () => runScale(flags.stack, count, deps));
      if (!outcome.ok || session.controller.signal.aborted) {
        if (flags.json) input.stdout.write(`${JSON.stringify({ stack: flags.stack, ...outcome }, null, 2)}\n`);
        return session.controller.signal.aborted ? 130 : 1;
      }
      // Then prove it: the verifier with the expected backends from ECS (one per running task).
      const [{ verifyStack }, { reportText }, { reportJson }] = await Promise.all([
        import('../engine/verify-stack.js'),
        import('../../verify/report-text.js'),
        import('../../verify/report-json.js'),
      ]);
      const { report, waitTimeout } = await withInterrupts(session.controller, () =>
        verifyStack(deps, { step: 'scale-out', settings, ...reachOf(session.connection) }),
      );
      if (waitTimeout) input.stderr.write(`ecs-alb-wizard: ${waitTimeout}\n`);
      input.stdout.write(flags.json ? reportJson(report) : `\n${reportText(report)}`);
      return report.verdict === 'PASS' ? 0 : 1;
    } finally {
      await session.close();
    }
  });
}
