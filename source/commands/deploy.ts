import { guardCommand, withInterrupts } from './kit/guard.js';
import { headlessAsk } from './kit/headless-ask.js';
import { headlessLog } from './kit/headless-log.js';
import { flagValues } from './kit/options.js';
import { openSession, parseCommonFlags } from './kit/session.js';
import { printWatch, watchExit } from './kit/watch-output.js';
import { parseWatchFlags } from './kit/watch-flags.js';
import { runDeploy, type DeployChange } from '../engine/deploy.js';
import { parseEnv } from '../engine/env-rule.js';
import { UsageError } from '../engine/usage-error.js';
import { reachOf } from '../engine/verify-stack.js';
import { answerTable } from '../steps/answer-table.js';
import type { CommandInput } from './kit/types.js';

/** `--image` (setup's image rule) and each `--env KEY=VALUE`, judged before anything connects. */
function changeOf(flags: CommandInput['flags']): DeployChange {
  const image = typeof flags.image === 'string' ? flags.image.trim() : undefined;
  if (image !== undefined) {
    const problem = answerTable.image.validate(image);
    if (problem) throw new UsageError(problem);
  }
  const parsed = parseEnv(flagValues(flags, 'env'));
  if ('problem' in parsed) throw new UsageError(parsed.problem);
  return {
    ...(image !== undefined ? { image } : {}),
    ...(Object.keys(parsed.env).length > 0 ? { env: parsed.env } : {}),
  };
}

/**
 * `deploy`: rolls out a new revision of the stack's task definition (`--image`, default the
 * current one; `--env KEY=VALUE`, repeatable) with UpdateService, with a paced load running
 * through the load balancer, waits until the deployment is COMPLETED, the new targets healthy and
 * the old drained (or the circuit breaker rolled it back), and judges the change. `--no-watch`
 * deploys without the load. Exit 0 PASS, 1 FAIL, 2 usage, 130 interrupted.
 */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const change = changeOf(input.flags);
    const flags = parseCommonFlags(input.flags);
    const watched = parseWatchFlags(input.flags, true);
    const session = await openSession(flags, input.connect, 'deploy', { lock: true });
    try {
      const deps = session.deps(headlessLog(input, flags.json), headlessAsk);
      const { resolve } = reachOf(session.connection);
      const outcome = await withInterrupts(session.controller, () =>
        runDeploy(
          flags.stack,
          change,
          deps,
          watched.watch ? { watch: { settings: watched.settings, ...(resolve ? { resolve } : {}) } } : {},
        ),
      );
      const aborted = session.controller.signal.aborted;
      const { watch, ...own } = outcome;
      if (watch) {
        await printWatch(watch, {
          stdout: input.stdout,
          stderr: input.stderr,
          json: flags.json,
          title: `deploy ${own.result?.revision ?? 'a new revision'} to ${flags.stack}`,
          ...(watched.reportFile ? { reportFile: watched.reportFile } : {}),
          extra: { stack: flags.stack, change: 'deploy', outcome: own },
          ...(own.ok ? {} : { failure: `✗ Deploy a new task definition revision: ${own.error.message}` }),
        });
        return watchExit(watch, outcome.ok, aborted);
      }
      if (flags.json) input.stdout.write(`${JSON.stringify({ stack: flags.stack, ...own }, null, 2)}\n`);
      return aborted ? 130 : outcome.ok ? 0 : 1;
    } finally {
      await session.close();
    }
  });
}
