import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from './world-store.js';

/** Who serves a state dir: `sandbox serve` (shared) or a process running one in-process (embedded). */
export type ServerRecord = { pid: number; endpoint: string; mode: 'serve' | 'embedded' };

export function serverPath(stateDir: string): string {
  return join(stateDir, 'server.json');
}

/** Whether a process with this pid is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live owner of the state dir, if any (a record left by a dead process is ignored). */
export async function readOwner(stateDir: string): Promise<ServerRecord | undefined> {
  try {
    const record = JSON.parse(await readFile(serverPath(stateDir), 'utf8')) as ServerRecord;
    return isAlive(record.pid) ? record : undefined;
  } catch {
    return undefined;
  }
}

/** Records this process as the state dir's owner. */
export async function writeOwner(stateDir: string, record: ServerRecord): Promise<void> {
  await writeAtomic(serverPath(stateDir), `${JSON.stringify(record)}\n`);
}

/** Removes the record if it is still ours. */
export async function releaseOwner(stateDir: string, endpoint: string): Promise<void> {
  try {
    const record = JSON.parse(await readFile(serverPath(stateDir), 'utf8')) as ServerRecord;
    if (record.pid === process.pid && record.endpoint === endpoint) await rm(serverPath(stateDir), { force: true });
  } catch {
    // nothing to release
  }
}
