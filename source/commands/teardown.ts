import { createInterface } from 'node:readline/promises';
import { guardCommand, withInterrupts } from './kit/guard.js';
import { headlessAsk } from './kit/headless-ask.js';
import { createPlainLog } from './kit/plain-log.js';
import { openSession, parseCommonFlags } from './kit/session.js';
import { runTeardown, teardownOrder } from '../engine/teardown.js';
import { UsageError } from '../engine/usage-error.js';
import { StackStore } from '../state/store.js';
import type { CommandInput } from './kit/types.js';

async function confirm(input: CommandInput, question: string): Promise<boolean> {
  const rl = createInterface({ input: input.stdin, output: input.stdout });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * `teardown`: deletes what the stack created, in reverse, after a confirmation (`--yes` skips it;
 * without a terminal and without `--yes` it refuses). A stack with nothing saved is a no-op.
 */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const flags = parseCommonFlags(input.flags);
    const record = new StackStore(flags.stateDir, flags.stack).get();
    if (!record) {
      input.stdout.write(
        flags.json
          ? `${JSON.stringify({ stack: flags.stack, ok: true, removed: [], kept: [] })}\n`
          : `Nothing to tear down: stack '${flags.stack}' has no saved resources.\n`,
      );
      return 0;
    }
    const order = teardownOrder(record);
    if (!flags.yes) {
      const interactive = Boolean(input.stdin.isTTY && input.stdout.isTTY) && !flags.noInput;
      if (!interactive)
        throw new UsageError('teardown deletes resources: pass --yes to confirm when there is no terminal to ask');
      input.stdout.write(
        `Stack '${flags.stack}' (${record.region}) will delete, in this order:\n${order.map((r) => `  ${r.kind} ${r.label}`).join('\n')}\n`,
      );
      if (!(await confirm(input, 'Delete these resources? [y/N] '))) {
        input.stdout.write('Nothing deleted.\n');
        return 1;
      }
    }
    const session = await openSession(flags, input.connect, 'teardown', { lock: true });
    try {
      const log = flags.json ? () => undefined : createPlainLog((line) => input.stdout.write(`${line}\n`));
      const outcome = await withInterrupts(session.controller, () =>
        runTeardown({ stack: flags.stack }, session.deps(log, headlessAsk)),
      );
      if (flags.json) input.stdout.write(`${JSON.stringify({ stack: flags.stack, ...outcome }, null, 2)}\n`);
      else if (outcome.ok) {
        const kept = outcome.kept.map((r) => `${r.kind} ${r.label}`);
        input.stdout.write(
          `\nStack '${flags.stack}' is torn down: ${outcome.removed.length} resource(s) removed.${kept.length > 0 ? ` Kept: ${kept.join(', ')}.` : ''}\n`,
        );
      } else {
        input.stdout.write(
          `\nTeardown stopped at ${outcome.resource.kind} ${outcome.resource.label}. Progress is saved: run teardown again to continue.\n`,
        );
      }
      if (session.controller.signal.aborted) return 130;
      return outcome.ok ? 0 : 1;
    } finally {
      await session.close();
    }
  });
}
