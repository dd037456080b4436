import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printable } from '../lib/printable.js';
import { makeStateDir } from './paths.js';
import { processStartOf } from './process-start.js';

/** Thrown when another live process holds the stack; its message names that process. */
export class StackLockedError extends Error {
  override name = 'StackLockedError';
}

/**
 * What a lock file holds. `processStart` is when the holder's process started, as the OS reports
 * it: a pid alone may by now belong to an unrelated process, the start time tells them apart.
 */
type Holder = { pid: number; command: string; startedAt: string; processStart?: string };

/** A lock whose writer may still be between creating the file and writing it. */
const UNREADABLE_GRACE_MS = 5000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readRaw(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The holder a lock file names, or undefined when it is empty, partial or not a lock. */
function parseHolder(raw: string | undefined): Holder | undefined {
  if (raw === undefined) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<Holder> | null;
    if (!value || !Number.isInteger(value.pid) || (value.pid ?? 0) <= 0) return undefined;
    return {
      pid: value.pid!,
      command: typeof value.command === 'string' ? value.command : '?',
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '?',
      ...(typeof value.processStart === 'string' ? { processStart: value.processStart } : {}),
    };
  } catch {
    return undefined;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Whether the holder's process still runs: its pid is alive and, when both are known, started when the lock says. */
function holderRuns(holder: Holder): boolean {
  if (!alive(holder.pid)) return false;
  if (holder.processStart === undefined) return true;
  const now = processStartOf(holder.pid);
  return now === undefined || now === holder.processStart;
}

/** Creates `path` holding `content` in one step (a hard link of a full temp file), or fails with EEXIST. */
function createWithContent(path: string, content: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content, { mode: 0o600 });
  try {
    linkSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS')) throw error;
    // A file system without hard links: exclusive create, then write (a reader may see it empty).
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  } finally {
    rmSync(temp, { force: true });
  }
}

export type StackLock = { path: string; release(): void };

/**
 * Takes the per-stack lock: a file created exclusively, holding its owner's pid, command and
 * process start time. A second process on the same stack is refused with a message naming the
 * holder; so is a lock file too young to be fully written. A lock left by a dead process, or whose
 * pid now belongs to a process that started later, is taken over. Released on `release()` and,
 * as a last resort, when the process exits.
 */
export function acquireStackLock(stateDir: string, stack: string, command: string): StackLock {
  makeStateDir(stateDir);
  const path = join(stateDir, `stack-${stack}.lock`);
  const processStart = processStartOf(process.pid);
  const me: Holder = {
    pid: process.pid,
    command,
    startedAt: new Date().toISOString(),
    ...(processStart ? { processStart } : {}),
  };
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createWithContent(path, mine);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new Error(`create lock file ${path}`, { cause: error });
      const raw = readRaw(path);
      const holder = parseHolder(raw);
      if (!holder && ageMs(path) < UNREADABLE_GRACE_MS) {
        throw new StackLockedError(
          `stack '${stack}' is being locked by another ecs-alb-wizard process right now (${path}); try again in a moment`,
        );
      }
      if (holder && holder.pid !== process.pid && holderRuns(holder)) {
        throw new StackLockedError(
          `stack '${stack}' is in use by another ecs-alb-wizard process (pid ${holder.pid}, ${printable(holder.command)} since ${printable(holder.startedAt)}); wait for it to finish or stop it (lock file ${path})`,
        );
      }
      // Left by a dead process, a reused pid, or a writer that never finished: take it over, unless
      // someone else did so meanwhile (then the file holds their lock, and the next attempt sees it).
      if (readRaw(path) === raw) rmSync(path, { force: true });
      continue;
    }
    const release = () => {
      process.off('exit', release);
      if (readRaw(path) === mine) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return { path, release };
  }
  throw new StackLockedError(`stack '${stack}': could not take the lock ${path}; another process keeps taking it`);
}
