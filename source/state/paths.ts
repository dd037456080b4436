import { existsSync, mkdirSync, statfsSync, statSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where progress lives when `--state-dir` is not given: the platform's per-user config folder,
 * or `ECS_ALB_WIZARD_STATE_DIR` when set.
 */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ECS_ALB_WIZARD_STATE_DIR) return env.ECS_ALB_WIZARD_STATE_DIR;
  const home = homedir();
  switch (process.platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'ecs-alb-wizard');
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'ecs-alb-wizard');
    default:
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'ecs-alb-wizard');
  }
}

/** The sandbox keeps its world beside the progress, so `--sandbox` commands share one world. */
export function sandboxStateDir(stateDir: string): string {
  return join(stateDir, 'sandbox');
}

/**
 * Kernel pseudo-file systems (statfs `f_type`): procfs, sysfs, cgroup v1/v2, debugfs, tracefs,
 * securityfs, configfs, bpffs, efivarfs, pstore, devpts. Nothing can be saved there, and Node's
 * recursive mkdir loops forever on procfs instead of failing.
 */
const PSEUDO_FILE_SYSTEMS = new Map([
  [0x9fa0, 'procfs'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0xde5e81e4, 'efivarfs'],
  [0x6165676c, 'pstore'],
  [0x1cd1, 'devpts'],
]);

/** The deepest part of `dir` that exists, with what it is; undefined when not even the root can be read. */
function existingAncestor(dir: string): { path: string; stat: Stats } | { path: string; error: string } | undefined {
  for (let path = resolve(dir); ; path = dirname(path)) {
    try {
      return { path, stat: statSync(path) };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { path, error: code ?? String(error) };
    }
    if (dirname(path) === path) return undefined;
  }
}

/** The kernel pseudo-file system `path` lies on (Linux), or undefined for a real one. */
function pseudoFileSystemOf(path: string): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return PSEUDO_FILE_SYSTEMS.get(statfsSync(path).type);
  } catch {
    return undefined;
  }
}

/**
 * Why `dir` cannot hold saved progress, or undefined when it can be used (it need not exist yet).
 * Checked before anything else runs: a directory on /proc or /sys, or below a file, is refused
 * with one line instead of a hang or an error from deep inside. `name` says where it came from
 * (`--state-dir`, or the variable that set it).
 */
export function stateDirProblem(dir: string, name: string): string | undefined {
  if (dir.trim() === '') return `${name} must name a directory, got an empty value`;
  const found = existingAncestor(dir);
  if (found === undefined) return `${name} ${dir}: none of its parent directories can be read`;
  if ('error' in found) return `${name} ${dir}: cannot read ${found.path} (${found.error})`;
  if (!found.stat.isDirectory()) return `${name} ${dir}: ${found.path} is a file, not a directory; pick a directory`;
  const pseudo = pseudoFileSystemOf(found.path);
  return pseudo
    ? `${name} ${dir} is on ${pseudo}, a kernel pseudo-file system where nothing can be saved; pick a directory on a disk`
    : undefined;
}

/**
 * Creates `dir` and its missing parents (mode 0700), one level at a time: unlike `mkdirSync`'s
 * recursive mode, which spins on a pseudo-file system that answers ENOENT, this fails at once.
 */
export function makeStateDir(dir: string): void {
  const missing: string[] = [];
  for (let current = resolve(dir); !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const path of missing) {
    try {
      mkdirSync(path, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new Error(`create directory ${path}`, { cause: error });
    }
  }
}
