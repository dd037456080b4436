import { guardCommand, withInterrupts } from './kit/guard.js';
import { headlessAsk } from './kit/headless-ask.js';
import { headlessLog } from './kit/headless-log.js';
import { runSetupFlow } from '../engine/setup-flow.js';
import { setupStanding } from '../engine/setup-standing.js';
import { openSession, parseCommonFlags } from './kit/session.js';
import { UsageError } from '../engine/usage-error.js';
import { answersFromFlags } from './kit/answer-options.js';
import { validateAnswerFormats } from '../steps/answer-table.js';
import type { RunnerEvent } from '../model/events.js';
import type { StackRecord } from '../state/schema.js';
import { reportJson } from '../../verify/report-json.js';
import { reportText } from '../../verify/report-text.js';
import type { CommandInput } from './kit/types.js';

/** True when the interactive wizard should take over (a terminal, prompts allowed, no --json). */
export function wantsWizard(input: CommandInput): boolean {
  return (
    Boolean(input.stdout.isTTY && input.stdin.isTTY) && input.flags['no-input'] !== true && input.flags.json !== true
  );
}

/**
 * Exit code of a headless setup whose stack is up but whose spread is not proven: a verification
 * FAILed, or could not run. 0 would let a CI job read an unproven stack as success; 1 already
 * means "a step failed: run setup again to resume", which would not help here (a finished stack is
 * not verified again). The way on is `verify` (it exits on its own verdict) or `teardown`.
 */
export const notVerifiedExitCode = 3;

/**
 * `setup` (the default command), headless path: every answer from flags, saved progress or
 * defaults; the setup flow (engine/setup-flow.ts) with plain lines per step and the verifier's
 * report after the service step and after scale-out, or one JSON document with `--json` (`ok`:
 * up and verified; `stackUp`, `verified` and each step's standing verdict apart). Exit 0 when the
 * stack is up and every standing verdict is PASS, 3 up but not verified (`notVerifiedExitCode`),
 * 1 failed (progress saved; run again to resume), 2 bad input, 130 interrupted.
 */
export async function runHeadlessSetup(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const flags = parseCommonFlags(input.flags);
    const answers = answersFromFlags(input.flags);
    const problem = validateAnswerFormats(answers);
    if (problem) throw new UsageError(problem);
    if (input.positionals.length > 0)
      throw new UsageError(`setup takes no arguments, got '${input.positionals.join(' ')}'`);
    const session = await openSession(flags, input.connect, 'setup', { lock: true });
    try {
      const write = (line: string) => input.stdout.write(`${line}\n`);
      const log = headlessLog(input, flags.json);
      const emit = (event: RunnerEvent) => {
        if (event.type !== 'verify-result') return log(event);
        if (!flags.json) write(`\n${reportText(event.report)}`);
      };
      const outcome = await withInterrupts(session.controller, () =>
        runSetupFlow(
          {
            setup: { stack: flags.stack, answers },
            verify: async (deps, step) => {
              const { verifyStack, reachOf } = await import('../engine/verify-stack.js');
              return verifyStack(deps, { step, ...reachOf(session.connection) });
            },
          },
          session.deps(emit, headlessAsk),
        ),
      );
      const { record, reports } = outcome;
      // The stack's standing verdicts: this run's, or an earlier run's that still holds (the flow's rule).
      const standing = setupStanding(outcome);
      const failedNow = Object.values(reports).some((report) => report.verdict !== 'PASS');
      if (flags.json) {
        const document = {
          stack: flags.stack,
          ok: standing.verified,
          stackUp: standing.stackUp,
          verified: standing.verified,
          verdicts: standing.verdicts,
          region: record.region,
          ...(record.endpointUrl ? { endpointUrl: record.endpointUrl } : {}),
          url: loadBalancerUrl(record),
          steps: record.steps,
          answers: record.answers,
          results: record.results,
          resources: record.resources,
          verifications: Object.fromEntries(
            Object.entries(reports).map(([step, report]) => [step, JSON.parse(reportJson(report)) as unknown]),
          ),
          ...(outcome.ok ? {} : { error: outcome.error, failedStep: outcome.step }),
        };
        input.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      } else if (outcome.ok) {
        const same = `--stack ${flags.stack}${flags.sandbox ? ' --sandbox' : ''}${input.flags['state-dir'] ? ` --state-dir ${String(input.flags['state-dir'])}` : ''}`;
        const url = loadBalancerUrl(record);
        const at = url ? ` at ${url}` : '';
        input.stdout.write(
          standing.state === 'failed'
            ? failedNow
              ? `\nStack '${flags.stack}' is up${at}, but the verification FAILED: see the criteria above, then run verify again.\n`
              : `\nStack '${flags.stack}' is up${at}, but its last verification FAILED: run verify again.\n`
            : standing.state === 'unverified'
              ? `\nStack '${flags.stack}' is up${at}, but it is not verified: the verifier could not run (see above); run verify.\n`
              : `\nDone: stack '${flags.stack}' is up${at}, and requests spread over every task.\n`,
        );
        // A sandbox load balancer's DNS name does not resolve; the verifier reaches it through the sandbox.
        if (url && !flags.sandbox) input.stdout.write(`Try: curl ${url}\n`);
        input.stdout.write(`Prove the spread again with: ecs-alb-wizard verify ${same}\n`);
        input.stdout.write(`Remove everything with: ecs-alb-wizard teardown ${same} --yes\n`);
      }
      if (session.controller.signal.aborted) return 130;
      if (!outcome.ok) return 1;
      return standing.verified ? 0 : notVerifiedExitCode;
    } finally {
      await session.close();
    }
  });
}

/** Entry point: the interactive wizard in a terminal, the headless flow otherwise. */
export async function run(input: CommandInput): Promise<number> {
  if (wantsWizard(input)) return (await import('./wizard.js')).runWizardCommand(input);
  return runHeadlessSetup(input);
}

/** The URL the memo curls: the load balancer's DNS name, listener port and health check path. */
function loadBalancerUrl(record: StackRecord): string | undefined {
  const lb = record.results['load-balancer'];
  if (!lb) return undefined;
  const port =
    record.answers.listenerPort && record.answers.listenerPort !== '80' ? `:${record.answers.listenerPort}` : '';
  return `http://${lb.dnsName}${port}${record.answers.healthCheckPath ?? '/hostname'}`;
}
