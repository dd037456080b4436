import { FlagError, parseVerifyFlags, type ParsedVerifyFlags } from '../../verify/flags.js';
import { reportJson } from '../../verify/report-json.js';
import { reportText } from '../../verify/report-text.js';
import { verify } from '../../verify/run.js';
import type { VerificationInput, VerificationReport } from '../../verify/types.js';
import { printable } from '../lib/printable.js';
import { findConflict } from './kit/conflicts.js';
import type { CommandInput } from './kit/types.js';

/** Exit codes of `verify`: 0 PASS, 1 FAIL, 2 usage or setup error. */
export const EXIT = { pass: 0, fail: 1, usage: 2 } as const;

/** Where and how to print: JSON, an Ink screen on a TTY, or plain text. */
export type VerifyOutput = {
  stdout: NodeJS.WriteStream;
  json?: boolean;
  /** Stops sending (Ctrl+C); the report of what was collected is still printed. */
  signal?: AbortSignal;
};

/**
 * Runs the verifier on one target and prints the report; resolves to the exit code and the
 * report. The stack mode (no `--url`: the ALB's DNS name and the expected backends from ECS)
 * calls this with what it found, so both modes print and exit the same way.
 */
export async function verifyAndReport(
  target: VerificationInput,
  output: VerifyOutput,
): Promise<{ code: number; report: VerificationReport }> {
  const live = !output.json && output.stdout.isTTY ? await loadLiveReport(output.stdout, target.url) : undefined;
  const report = await verify({
    ...target,
    signal: target.signal ?? output.signal,
    onProgress: live ? (summary) => live.update(summary) : target.onProgress,
  });
  if (live) await live.finish(report);
  else output.stdout.write(output.json ? reportJson(report) : reportText(report));
  return { code: report.verdict === 'PASS' ? EXIT.pass : EXIT.fail, report };
}

async function loadLiveReport(stdout: NodeJS.WriteStream, url: string) {
  const { startLiveReport } = await import('../../verify/report.js');
  return startLiveReport(stdout, url);
}

/** Aborts on the first Ctrl+C so the run ends with a report; a second Ctrl+C exits at once. */
function interruptible(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSignal) };
}

/** Flags that only make sense with `--url`, and why a stack does without them. */
const URL_ONLY: Record<string, string> = {
  expect: "a stack's expected backends are its RUNNING tasks, as ECS reports them",
  'expect-count': "a stack's expected backends are its RUNNING tasks, as ECS reports them",
  'connect-to': "a stack's load balancer is reached by its DNS name (on the sandbox, through its local listener)",
};

/**
 * `ecs-alb-wizard verify --url URL [...]` checks any HTTP endpoint. Without `--url` it verifies
 * the stack (`--stack`, default demo): waits until the healthy targets equal the desired count,
 * takes the expected backends from ECS and sends the requests through the load balancer.
 */
export async function run(input: CommandInput): Promise<number> {
  let parsed;
  try {
    parsed = parseVerifyFlags(input.flags);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    input.stderr.write(`ecs-alb-wizard: ${printable(error.message)}\n`);
    return EXIT.usage;
  }
  const { url, ...settings } = parsed;
  const watching = await import('./verify-watch.js');
  if (watching.wantsWatch(input.flags)) return watching.runWatch(input, url);
  if (url === undefined) return verifySavedStack(input, settings);
  const conflict = findConflict('verify', input.flags);
  if (conflict) {
    input.stderr.write(`ecs-alb-wizard: ${conflict}\n`);
    return EXIT.usage;
  }
  const interrupt = interruptible();
  try {
    const { code } = await verifyAndReport(
      { url, ...settings },
      { stdout: input.stdout, json: input.flags.json === true, signal: interrupt.signal },
    );
    return code;
  } finally {
    interrupt.dispose();
  }
}

async function verifySavedStack(input: CommandInput, parsed: Omit<ParsedVerifyFlags, 'url'>): Promise<number> {
  const urlOnly = Object.keys(URL_ONLY).find((flag) => input.flags[flag] !== undefined);
  if (urlOnly) {
    input.stderr.write(`ecs-alb-wizard: flag --${urlOnly} needs --url; ${URL_ONLY[urlOnly]}\n`);
    return EXIT.usage;
  }
  const [
    { guardCommand, withInterrupts },
    { headlessAsk },
    { headlessLog },
    session,
    { UsageError },
    { StackStore },
    { verifyStack, stackSettings, reachOf },
  ] = await Promise.all([
    import('./kit/guard.js'),
    import('./kit/headless-ask.js'),
    import('./kit/headless-log.js'),
    import('./kit/session.js'),
    import('../engine/usage-error.js'),
    import('../state/store.js'),
    import('../engine/verify-stack.js'),
  ]);
  return guardCommand(input.stderr, async () => {
    const flags = session.parseCommonFlags(input.flags);
    // Checked before connecting: no AWS call (or sandbox start) for a stack that has nothing to verify.
    const record = new StackStore(flags.stateDir, flags.stack).get();
    if (record?.steps.service?.status !== 'done') {
      throw new UsageError(
        `stack '${flags.stack}' has no running service yet: run setup first, or give --url to verify any endpoint`,
      );
    }
    const opened = await session.openSession(flags, input.connect, 'verify', { lock: true });
    try {
      const step = record.steps['scale-out']?.status === 'done' ? 'scale-out' : 'service';
      const log = headlessLog(input, flags.json);
      const { report, waitTimeout } = await withInterrupts(opened.controller, () =>
        verifyStack(opened.deps(log, headlessAsk), {
          step,
          settings: stackSettings(parsed),
          ...reachOf(opened.connection),
        }),
      );
      // The targets never all got healthy: the report covers what runs now and is a FAIL.
      if (waitTimeout) input.stderr.write(`ecs-alb-wizard: ${waitTimeout}\n`);
      await printReport(report, input.stdout, flags.json);
      return report.verdict === 'PASS' ? EXIT.pass : EXIT.fail;
    } finally {
      await opened.close();
    }
  });
}

async function printReport(report: VerificationReport, stdout: NodeJS.WriteStream, json: boolean): Promise<void> {
  if (json) stdout.write(reportJson(report));
  else if (stdout.isTTY) await (await import('../../verify/report.js')).renderReport(stdout, report);
  else stdout.write(`\n${reportText(report)}`);
}
