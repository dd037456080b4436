import { abortableSleep } from '../aws/wait.js';
import { printable } from '../lib/printable.js';
import { UsageError } from '../engine/usage-error.js';
import { findConflict } from './kit/conflicts.js';
import { guardCommand, withInterrupts } from './kit/guard.js';
import { printWatch, watchExit } from './kit/watch-output.js';
import { parseWatchFlags } from './kit/watch-flags.js';
import type { CommandInput } from './kit/types.js';
import { parseVerifyFlags } from '../../verify/flags.js';
import { WATCH_DEFAULTS } from '../../verify/watch-options.js';

/** Flags that only a watch reads: given without `--watch`, they are refused by `parseWatchFlags`. */
const WATCH_FLAGS = ['watch', 'rate', 'duration', 'answer-within', 'report'];

/** Whether `verify` runs as a watch, or was given a watch flag (then `parseWatchFlags` says what is missing). */
export function wantsWatch(flags: CommandInput['flags']): boolean {
  return WATCH_FLAGS.some((flag) => flags[flag] !== undefined);
}

/** The watch without a change ends on its own after its duration; this margin lets it before `stop()` collects. */
const MARGIN_MS = 2000;

/**
 * `verify --watch`: a paced load (`--rate`, for `--duration`, or until Ctrl+C) with a per-second
 * timeline and a verdict. On a stack, what ECS and ELBv2 say each second is shown next to it (task
 * started, target initial → healthy, draining, task stopped, deployments); with `--url` the load
 * alone. Exit 0 PASS, 1 FAIL, 2 usage, 130 interrupted.
 */
export async function runWatch(input: CommandInput, url: string | undefined): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const watched = parseWatchFlags(input.flags, false);
    const conflict = findConflict('verify', input.flags);
    if (conflict) throw new UsageError(conflict);
    const json = input.flags.json === true;
    if (url !== undefined) return watchUrl(input, url, watched, json);
    const [session, { StackStore }, { watchStack }, { reachOf }] = await Promise.all([
      import('./kit/session.js'),
      import('../state/store.js'),
      import('../engine/watch-stack.js'),
      import('../engine/verify-stack.js'),
    ]);
    const flags = session.parseCommonFlags(input.flags);
    const record = new StackStore(flags.stateDir, flags.stack).get();
    if (record?.steps.service?.status !== 'done')
      throw new UsageError(
        `stack '${flags.stack}' has no running service yet: run setup first, or give --url to watch any endpoint`,
      );
    const opened = await session.openSession(flags, input.connect, 'verify', { lock: true });
    try {
      const { headlessLog } = await import('./kit/headless-log.js');
      const { headlessAsk } = await import('./kit/headless-ask.js');
      const deps = opened.deps(headlessLog(input, json), headlessAsk);
      const { resolve } = reachOf(opened.connection);
      const { report } = await withInterrupts(opened.controller, () =>
        watchStack(deps, 'watch', { settings: watched.settings, ...(resolve ? { resolve } : {}) }),
      );
      await printWatch(report, {
        stdout: input.stdout,
        stderr: input.stderr,
        json,
        title: `watch of stack ${flags.stack}`,
        ...(watched.reportFile ? { reportFile: watched.reportFile } : {}),
        extra: { stack: flags.stack, change: 'watch' },
      });
      return watchExit(report, true, opened.controller.signal.aborted);
    } finally {
      await opened.close();
    }
  });
}

async function watchUrl(
  input: CommandInput,
  url: string,
  watched: ReturnType<typeof parseWatchFlags>,
  json: boolean,
): Promise<number> {
  const parsed = parseVerifyFlags(input.flags);
  const controller = new AbortController();
  const { startWatch } = await import('../../verify/watch.js');
  return withInterrupts(controller, async () => {
    const watch = await startWatch({
      ...watched.settings,
      url,
      ...(parsed.connectTo ? { connectTo: parsed.connectTo } : {}),
      ...(parsed.expected ? { expected: parsed.expected } : {}),
      signal: controller.signal,
      ...(json ? {} : { onTick: (s) => tickLine(input, s.elapsedMs, s.sent, s.failed, s.rate.achieved) }),
    });
    const durationMs = watched.settings.durationMs ?? WATCH_DEFAULTS.durationMs;
    await abortableSleep(durationMs + MARGIN_MS, controller.signal).catch(() => undefined);
    const report = await watch.stop();
    await printWatch(report, {
      stdout: input.stdout,
      stderr: input.stderr,
      json,
      title: `watch of ${printable(url)}`,
      ...(watched.reportFile ? { reportFile: watched.reportFile } : {}),
    });
    return watchExit(report, true, controller.signal.aborted);
  });
}

/** A progress line every 5 s of a plain `--url` watch. */
function tickLine(input: CommandInput, elapsedMs: number, sent: number, failed: number, achieved: number): void {
  const second = Math.round(elapsedMs / 1000);
  if (second % 5 === 0)
    input.stdout.write(`  … ${second}s: ${sent} sent, ${failed} failed, ${achieved.toFixed(1)} req/s\n`);
}
