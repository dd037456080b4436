import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Thrown when another live process holds the stack; its message names that process. */
export class StackLockedError extends Error {
  override name = 'StackLockedError';
}

type Holder = { pid: number; command: string; startedAt: string };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

/** A lock file just created, not yet written: its owner is between open and write. */
function youngerThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < ms;
  } catch {
    return false;
  }
}

export type StackLock = { path: string; release(): void };

/**
 * Takes the per-stack lock: a pid file created with O_EXCL. A second process on the same stack is
 * refused with a message naming the holder's pid; a lock left by a dead process is taken over.
 * The lock is released on `release()` and, as a last resort, when the process exits.
 */
export function acquireStackLock(stateDir: string, stack: string, command: string): StackLock {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const path = join(stateDir, `stack-${stack}.lock`);
  const me: Holder = { pid: process.pid, command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new Error(`create lock file ${path}`, { cause: error });
      const holder = readHolder(path);
      if (!holder && youngerThan(path, 5000)) {
        throw new StackLockedError(
          `stack '${stack}' is being locked by another ecs-alb-wizard process right now (${path}); try again in a moment`,
        );
      }
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        throw new StackLockedError(
          `stack '${stack}' is in use by another ecs-alb-wizard process (pid ${holder.pid}, ${holder.command} since ${holder.startedAt}); wait for it to finish or stop it`,
        );
      }
      // Left by a dead process (or a stale unreadable file): take it over.
      rmSync(path, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    const release = () => {
      process.off('exit', release);
      if (readHolder(path)?.pid === process.pid) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return { path, release };
  }
  throw new StackLockedError(`stack '${stack}': could not take the lock ${path}; another process keeps taking it`);
}
