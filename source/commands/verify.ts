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

/** `ecs-alb-wizard verify --url URL [...]`. */
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
  if (url === undefined) {
    input.stderr.write('ecs-alb-wizard: flag --url is required: the load balancer URL to verify, e.g. --url http://my-alb-123.ap-northeast-1.elb.amazonaws.com/hostname\n');
    return EXIT.usage;
  }
  const interrupt = interruptible();
  try {
    const { code } = await verifyAndReport({ url, ...settings }, { stdout: input.stdout, json: input.flags.json === true, signal: interrupt.signal });
    return code;
  } finally {
    interrupt.dispose();
  }
}
