import { FlagError, parseVerifyFlags } from '../../verify/flags.js';
import { reportJson } from '../../verify/report-json.js';
import { reportText } from '../../verify/report-text.js';
import { verify } from '../../verify/run.js';
import type { VerificationInput, VerificationReport } from '../../verify/types.js';
import type { CommandInput } from './registry.js';

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

/** Flags that only make sense with `--url`; a stack is verified with what setup saved. */
const URL_ONLY = ['expect', 'expect-count', 'concurrency', 'timeout', 'requests', 'budget', 'hostname-regex', 'max-error-rate', 'connect-to'];

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
    input.stderr.write(`ecs-alb-wizard: ${error.message}\n`);
    return EXIT.usage;
  }
  const { url, ...settings } = parsed;
  if (url === undefined) return verifySavedStack(input);
  const interrupt = interruptible();
  try {
    const { code } = await verifyAndReport({ url, ...settings }, { stdout: input.stdout, json: input.flags.json === true, signal: interrupt.signal });
    return code;
  } finally {
    interrupt.dispose();
  }
}

async function verifySavedStack(input: CommandInput): Promise<number> {
  const urlOnly = URL_ONLY.find((flag) => input.flags[flag] !== undefined);
  if (urlOnly) {
    input.stderr.write(`ecs-alb-wizard: flag --${urlOnly} needs --url; a stack is verified with the backends ECS reports\n`);
    return EXIT.usage;
  }
  const [{ connectAws }, { guardCommand, withInterrupts }, { headlessAsk }, { createPlainLog }, session, { UsageError }, { StackStore }] = await Promise.all([
    import('../aws/connect.js'),
    import('../engine/command-guard.js'),
    import('../engine/headless-ask.js'),
    import('../engine/plain-log.js'),
    import('../engine/session.js'),
    import('../engine/usage-error.js'),
    import('../state/store.js'),
  ]);
  return guardCommand(input.stderr, async () => {
    const flags = session.parseCommonFlags(input.flags);
    // Checked before connecting: no AWS call (or sandbox start) for a stack that has nothing to verify.
    const record = new StackStore(flags.stateDir, flags.stack).get();
    if (record?.steps.service?.status !== 'done') {
      throw new UsageError(`stack '${flags.stack}' has no running service yet: run setup first, or give --url to verify any endpoint`);
    }
    const opened = await session.openSession(flags, input.connect ?? connectAws, 'verify', { lock: true });
    try {
      const step = record.steps['scale-out']?.status === 'done' ? 'scale-out' : 'service';
      const log = flags.json ? () => undefined : createPlainLog((line) => input.stdout.write(`${line}\n`));
      const [{ verifyStack }, { WaitTimeoutError }] = await Promise.all([import('./wizard-verify.js'), import('../aws/wait.js')]);
      const deps = opened.deps(log, headlessAsk);
      try {
        const report = await withInterrupts(opened.controller, () => verifyStack(deps, step, opened.connection.resolveLoadBalancer));
        await printReport(report, input.stdout, flags.json);
        return report.verdict === 'PASS' ? EXIT.pass : EXIT.fail;
      } catch (error) {
        if (!(error instanceof WaitTimeoutError)) throw error;
        // The targets never all got healthy: verify what runs now, so the report names the silent
        // tasks and their target health in AWS terms. Never a PASS: the stack is not at its count.
        input.stderr.write(`ecs-alb-wizard: ${error.message}\n`);
        const { stackVerificationTarget } = await import('../engine/expected-backends.js');
        const target = await stackVerificationTarget(deps.clients, record.results, record.answers, deps.signal);
        const host = new URL(target.url);
        const connectTo = await opened.connection.resolveLoadBalancer?.(host.hostname, Number(host.port || 80));
        await withInterrupts(opened.controller, () =>
          verifyAndReport({ ...target, ...(connectTo ? { connectTo } : {}) }, { stdout: input.stdout, json: flags.json, signal: deps.signal }),
        );
        return EXIT.fail;
      }
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
