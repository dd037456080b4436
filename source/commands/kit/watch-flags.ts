import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../engine/usage-error.js';
import type { StackWatchSettings } from '../../engine/watch-stack.js';
import { FlagError, parseVerifyFlags, parseWatchTuning } from '../../../verify/flags.js';

type Flags = Record<string, string | boolean | undefined>;

/** What the watch flags asked for: whether to watch, its settings, and where to write the picture. */
export type WatchFlags = { watch: boolean; settings: StackWatchSettings; reportFile?: string };

/**
 * Checks `--report FILE` before anything runs: `.html`, `.htm` or `.svg`, in a directory that
 * exists and can be written, and not a directory itself. Returns the absolute path.
 */
export function reportFileOf(raw: string): string {
  if (!/\.(html?|svg)$/i.test(raw))
    throw new UsageError(`flag --report must name an .html or .svg file (got '${raw}')`);
  const path = resolve(raw);
  const existing = (() => {
    try {
      return statSync(path);
    } catch {
      return undefined;
    }
  })();
  if (existing?.isDirectory()) throw new UsageError(`flag --report names a directory, not a file: '${raw}'`);
  try {
    accessSync(existing ? path : dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(
      `flag --report cannot be written: ${existing ? `'${raw}' is not writable` : `the directory '${dirname(path)}' does not exist or is not writable`}`,
    );
  }
  return path;
}

/**
 * The watch flags of `verify --watch`, `scale` and `deploy`, judged before anything connects: bad
 * values are a UsageError naming the flag and its rule (exit 2). `defaultWatch` is whether the
 * command watches unless told `--no-watch` (scale, deploy) or only with `--watch` (verify).
 */
export function parseWatchFlags(flags: Flags, defaultWatch: boolean): WatchFlags {
  let tuning;
  let paced;
  try {
    tuning = parseVerifyFlags(flags);
    paced = parseWatchTuning(flags);
  } catch (error) {
    if (error instanceof FlagError) throw new UsageError(error.message);
    throw error;
  }
  const watch = defaultWatch ? flags['no-watch'] !== true : flags.watch === true;
  const given = ['rate', 'duration', 'answer-within', 'report'].find((f) => flags[f] !== undefined);
  if (!watch && given)
    throw new UsageError(
      `flag --${given} needs the watch: ${defaultWatch ? 'drop --no-watch' : 'add --watch'} (it paces the load and draws the timeline)`,
    );
  // A watched scale judges through the change at --rate; the one-off verification's tuning would be ignored.
  const oneOff = ['concurrency', 'requests', 'budget'].find((f) => flags[f] !== undefined);
  if (watch && defaultWatch && oneOff)
    throw new UsageError(
      `flag --${oneOff} tunes the verification after an unwatched change: add --no-watch, or pace the watch with --rate`,
    );
  const settings: StackWatchSettings = {
    ...paced,
    ...(tuning.timeoutMs !== undefined ? { timeoutMs: tuning.timeoutMs } : {}),
    ...(tuning.hostnameRegex !== undefined ? { hostnameRegex: tuning.hostnameRegex } : {}),
    ...(tuning.maxErrorRate !== undefined ? { maxErrorRate: tuning.maxErrorRate } : {}),
    ...(tuning.tolerance !== undefined ? { tolerance: tuning.tolerance } : {}),
  };
  const report = flags.report;
  return { watch, settings, ...(typeof report === 'string' ? { reportFile: reportFileOf(report) } : {}) };
}
