import { friendlyError } from '../../aws/errors.js';
import { StackLockedError } from '../../state/lock.js';
import { UsageError } from '../../engine/usage-error.js';

type Writable = { write(text: string): unknown };

/**
 * Runs a command body and turns what it throws into the exit code and one line on stderr:
 * usage errors exit 2, a locked stack and AWS failures exit 1 with the cause and what to do.
 */
export async function guardCommand(stderr: Writable, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      stderr.write(`ecs-alb-wizard: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StackLockedError) {
      stderr.write(`ecs-alb-wizard: ${error.message}\n`);
      return 1;
    }
    const friendly = friendlyError(error, false);
    stderr.write(`ecs-alb-wizard: ${friendly.message}\n${friendly.hint ? `  ${friendly.hint}\n` : ''}`);
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
