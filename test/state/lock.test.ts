import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireStackLock, StackLockedError } from '../../source/state/lock.js';

/** A live process that is not us: holds a pid while the test runs. */
function otherProcess() {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  return { pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

describe('stack lock', () => {
  it('Given a live process holds the stack, Then a second one is refused with a message naming its pid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const other = otherProcess();
    try {
      writeFileSync(
        join(dir, 'stack-demo.lock'),
        JSON.stringify({ pid: other.pid, command: 'setup', startedAt: '2026-01-01T00:00:00Z' }),
      );
      expect(() => acquireStackLock(dir, 'demo', 'teardown')).toThrow(StackLockedError);
      expect(() => acquireStackLock(dir, 'demo', 'teardown')).toThrow(
        `pid ${other.pid}, setup since 2026-01-01T00:00:00Z`,
      );
    } finally {
      other.stop();
    }
  });

  it('Given a lock left by a dead process, Then it is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const dead = otherProcess();
    dead.stop();
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(join(dir, 'stack-demo.lock'), JSON.stringify({ pid: dead.pid, command: 'setup', startedAt: '' }));
    const lock = acquireStackLock(dir, 'demo', 'setup');
    expect(existsSync(lock.path)).toBe(true);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('Given two stacks, Then each has its own lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    const a = acquireStackLock(dir, 'a', 'setup');
    const b = acquireStackLock(dir, 'b', 'setup');
    expect(a.path).not.toBe(b.path);
    a.release();
    b.release();
  });
});
