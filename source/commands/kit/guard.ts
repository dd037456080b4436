import { friendlyError } from '../../aws/errors.js';
import { StackLockedError } from '../../state/lock.js';
import { UsageError } from '../../engine/usage-error.js';
import { printable } from '../../lib/printable.js';

type Writable = { write(text: string): unknown };

/**
 * Runs a command body and turns what it throws into the exit code and one line on stderr:
 * usage errors exit 2, a locked stack and AWS failures exit 1 with the cause and what to do. The
 * text is printed with control characters escaped: it may quote a file or a server.
 */
export async function guardCommand(stderr: Writable, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`ecs-alb-wizard: ${printable(error.message)}\n`);
      return 2;
    }
    if (error instanceof StackLockedError) {
      stderr.write(`ecs-alb-wizard: ${printable(error.message)}\n`);
      return 1;
    }
    const friendly = friendlyError(error, false);
    stderr.write(
      `ecs-alb-wizard: ${printable(friendly.message)}\n${friendly.hint ? `  ${printable(friendly.hint)}\n` : ''}`,
    );
    return 1;
  }
}

/** Aborts the controller on Ctrl+C / SIGTERM while `body` runs, so waits stop and progress is saved. */
export async function withInterrupts<T>(controller: AbortController, body: () => Promise<T>): Promise<T> {
  const onSignal = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
