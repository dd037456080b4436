import { connectAws } from '../aws/connect.js';
import { guardCommand, withInterrupts } from '../engine/command-guard.js';
import { headlessAsk } from '../engine/headless-ask.js';
import { createPlainLog } from '../engine/plain-log.js';
import { runSetup } from '../engine/runner.js';
import { openSession, parseCommonFlags } from '../engine/session.js';
import { UsageError } from '../engine/usage-error.js';
import { answersFromFlags } from '../steps/flag-options.js';
import { validateAnswerFormats } from '../steps/validators.js';
import type { StackRecord } from '../state/schema.js';
import type { CommandInput } from './registry.js';

/** True when the interactive wizard should take over (a terminal, prompts allowed, no --json). */
export function wantsWizard(input: CommandInput): boolean {
  return Boolean(input.stdout.isTTY && input.stdin.isTTY) && input.flags['no-input'] !== true && input.flags.json !== true;
}

/**
 * `setup` (the default command), headless path: every answer from flags, saved progress or
 * defaults; plain lines per step, or one JSON document with `--json`. Exit 0 done, 1 failed
 * (progress saved; run again to resume), 2 bad input.
 */
export async function runHeadlessSetup(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const flags = parseCommonFlags(input.flags);
    const answers = answersFromFlags(input.flags);
    const problem = validateAnswerFormats(answers);
    if (problem) throw new UsageError(problem);
    if (input.positionals.length > 0) throw new UsageError(`setup takes no arguments, got '${input.positionals.join(' ')}'`);
    const session = await openSession(flags, input.connect ?? connectAws, 'setup', { lock: true });
    try {
      const log = flags.json ? () => undefined : createPlainLog((line) => input.stdout.write(`${line}\n`));
      const deps = session.deps(log, headlessAsk);
      const outcome = await withInterrupts(session.controller, () => runSetup({ stack: flags.stack, answers }, deps));
      const record = outcome.record;
      if (flags.json) {
        const document = {
          stack: flags.stack,
          ok: outcome.ok,
          region: record.region,
          ...(record.endpointUrl ? { endpointUrl: record.endpointUrl } : {}),
          url: loadBalancerUrl(record),
          steps: record.steps,
          answers: record.answers,
          results: record.results,
          resources: record.resources,
          ...(outcome.ok ? {} : { error: outcome.error, failedStep: outcome.step }),
        };
        input.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      } else if (outcome.ok) {
        const same = `--stack ${flags.stack}${flags.sandbox ? ' --sandbox' : ''}${input.flags['state-dir'] ? ` --state-dir ${String(input.flags['state-dir'])}` : ''}`;
        const url = loadBalancerUrl(record);
        input.stdout.write(`\nDone: stack '${flags.stack}' is up${url ? ` at ${url}` : ''}.\n`);
        // A sandbox load balancer's DNS name does not resolve; the verifier reaches it through the sandbox.
        if (url && !flags.sandbox) input.stdout.write(`Try: curl ${url}\n`);
        input.stdout.write(`Prove the spread again with: ecs-alb-wizard verify ${same}\n`);
        input.stdout.write(`Remove everything with: ecs-alb-wizard teardown ${same} --yes\n`);
      }
      if (session.controller.signal.aborted) return 130;
      return outcome.ok ? 0 : 1;
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
  const port = record.answers.listenerPort && record.answers.listenerPort !== '80' ? `:${record.answers.listenerPort}` : '';
  return `http://${lb.dnsName}${port}${record.answers.healthCheckPath ?? '/hostname'}`;
}
