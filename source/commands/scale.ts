import { connectAws } from '../aws/connect.js';
import { guardCommand, withInterrupts } from '../engine/command-guard.js';
import { headlessAsk } from '../engine/headless-ask.js';
import { createPlainLog } from '../engine/plain-log.js';
import { runScale } from '../engine/scale.js';
import { openSession, parseCommonFlags } from '../engine/session.js';
import { UsageError } from '../engine/usage-error.js';
import type { CommandInput } from './registry.js';

/** `scale N`: sets the desired count and waits until N targets are healthy, with progress. */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const flags = parseCommonFlags(input.flags);
    const [count, ...extra] = input.positionals;
    if (count === undefined || extra.length > 0) throw new UsageError('scale takes one argument: the task count, e.g. scale 3');
    const session = await openSession(flags, input.connect ?? connectAws, 'scale', { lock: true });
    try {
      const log = flags.json ? () => undefined : createPlainLog((line) => input.stdout.write(`${line}\n`));
      const outcome = await withInterrupts(session.controller, () => runScale(flags.stack, count, session.deps(log, headlessAsk)));
      if (flags.json) input.stdout.write(`${JSON.stringify({ stack: flags.stack, ...outcome }, null, 2)}\n`);
      if (session.controller.signal.aborted) return 130;
      return outcome.ok ? 0 : 1;
    } finally {
      await session.close();
    }
  });
}
