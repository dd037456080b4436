import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireStackLock, StackLockedError } from '../../source/state/lock.js';

const LOCK_MODULE = resolve(import.meta.dirname, '../../source/state/lock.ts');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Another process that takes the stack lock with the real code and holds it until killed. */
async function holder(dir: string): Promise<ChildProcess> {
  const script = `import { acquireStackLock } from ${JSON.stringify(LOCK_MODULE)};
acquireStackLock(${JSON.stringify(dir)}, 'demo', 'setup');
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && done());
    child.on('exit', (code) => fail(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

/** A live process that has nothing to do with the tool. */
function stranger(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function killed(child: ChildProcess): Promise<void> {
  const gone = new Promise((done) => child.on('exit', done));
  child.kill('SIGKILL');
  await gone;
}

describe('stack lock: whose lock it is', () => {
  it('Given another ecs-alb-wizard process holds the stack, Then a second one is refused naming its pid and the lock file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const other = await holder(dir);
    expect(() => acquireStackLock(dir, 'demo', 'teardown')).toThrow(StackLockedError);
    expect(() => acquireStackLock(dir, 'demo', 'teardown')).toThrow(
      new RegExp(`pid ${other.pid}, setup since .*lock file ${join(dir, 'stack-demo.lock')}`),
    );
  });

  it('Given the holder died and its pid now belongs to an unrelated process, Then the lock is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const path = join(dir, 'stack-demo.lock');
    const old = await holder(dir);
    const written = JSON.parse(readFileSync(path, 'utf8')) as { pid: number; processStart?: string };
    await killed(old);
    // The pid comes round again: the lock file is the dead holder's, the pid now a stranger's.
    const reused = stranger();
    writeFileSync(path, JSON.stringify({ ...written, pid: reused.pid }));
    const lock = acquireStackLock(dir, 'demo', 'setup');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid, command: 'setup' });
    lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('Given a lock of the older format (no start time) whose pid is alive, Then it is held: the pid is all it says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const alive = stranger();
    writeFileSync(join(dir, 'stack-demo.lock'), JSON.stringify({ pid: alive.pid, command: 'setup', startedAt: 'x' }));
    expect(() => acquireStackLock(dir, 'demo', 'setup')).toThrow(`pid ${alive.pid}`);
  });
});

describe('stack lock: a lock file still being written', () => {
  it.each([
    ['empty', ''],
    ['partial JSON', '{"pid": 12'],
  ])('Given a fresh %s lock file, Then it is held, not taken over, and left as it was', (_what, content) => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const path = join(dir, 'stack-demo.lock');
    writeFileSync(path, content);
    expect(() => acquireStackLock(dir, 'demo', 'setup')).toThrow(
      /is being locked by another ecs-alb-wizard process right now/,
    );
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('Given an empty lock file left for a minute (its writer died before writing), Then it is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const path = join(dir, 'stack-demo.lock');
    writeFileSync(path, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(path, aMinuteAgo, aMinuteAgo);
    const lock = acquireStackLock(dir, 'demo', 'setup');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('Given a lock file whose fields hold terminal escapes, Then the refusal shows them escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const alive = stranger();
    writeFileSync(
      join(dir, 'stack-demo.lock'),
      JSON.stringify({ pid: alive.pid, command: '\u001b[2Jsetup', startedAt: 'now' }),
    );
    expect(() => acquireStackLock(dir, 'demo', 'setup')).toThrow('\\x1b[2Jsetup since now');
  });
});
