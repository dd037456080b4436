import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * When process `pid` started, as an opaque string the OS reports the same way each time, or
 * undefined when it cannot tell (no such process, Windows). Two processes that had the same pid
 * at different times get different values, so a lock can tell its holder from a later stranger.
 * Linux: `starttime` from /proc/<pid>/stat (clock ticks after boot); elsewhere `ps -o lstart=`.
 */
export function processStartOf(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields follow `pid (comm) `; comm may hold spaces and parentheses, so split after the last ')'.
      // What follows starts at field 3 (state); starttime is field 22 (proc_pid_stat(5)).
      const start = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .at(22 - 3);
      return start && /^\d+$/.test(start) ? `linux:${start}` : undefined;
    } catch {
      return undefined;
    }
  }
  if (process.platform === 'win32') return undefined;
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000 });
  const text = ps.status === 0 ? ps.stdout.trim() : '';
  return text ? `ps:${text}` : undefined;
}
