import { createInterface } from 'node:readline/promises';
import { guardCommand, withInterrupts } from './kit/guard.js';
import { headlessAsk } from './kit/headless-ask.js';
import { headlessLog } from './kit/headless-log.js';
import { openSession, parseCommonFlags } from './kit/session.js';
import { planTeardown, runTeardown, type TeardownPlan } from '../engine/teardown.js';
import { UsageError } from '../engine/usage-error.js';
import { STACK_TAG_KEY } from '../aws/tags.js';
import type { RecordedResource } from '../model/resources.js';
import type { CommandInput } from './kit/types.js';

async function confirm(input: CommandInput, question: string): Promise<boolean> {
  const rl = createInterface({ input: input.stdin, output: input.stdout });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

function line(r: RecordedResource): string {
  return `  ${r.kind} ${r.label}${r.foundBy ? ' (found by tag)' : ''}`;
}

/** The plan as the user reads it: what goes, in order, what stays and why, what was not looked for. */
function describePlan(stack: string, region: string, plan: TeardownPlan, verb: string): string {
  const parts = [];
  if (plan.order.length > 0)
    parts.push(`Stack '${stack}' (${region}) ${verb}, in this order:`, ...plan.order.map(line));
  if (plan.found.length > 0)
    parts.push(
      `(found by tag: made by setup but not in the saved record, e.g. after a crash; tagged ${STACK_TAG_KEY}=${stack})`,
    );
  if (plan.leftAlone.length > 0)
    parts.push('Left alone:', ...plan.leftAlone.map((l) => `  ${l.kind} ${l.label}: ${l.reason}`));
  if (plan.notSearched.length > 0) parts.push(...plan.notSearched.map((n) => `Not looked for: ${n}`));
  return parts.length > 0 ? `${parts.join('\n')}\n` : '';
}

/**
 * `teardown`: deletes what the stack owns (its saved record, and by name and tag what a crash
 * kept out of it), in reverse, after a confirmation (`--yes` skips it; without a terminal and
 * without `--yes` it refuses). Resources with the stack's names but not its tag are named and left
 * alone. A stack with nothing saved and nothing found is a no-op.
 */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, async () => {
    const flags = parseCommonFlags(input.flags);
    const interactive = Boolean(input.stdin.isTTY && input.stdout.isTTY) && !flags.noInput;
    if (!flags.yes && !interactive)
      throw new UsageError('teardown deletes resources: pass --yes to confirm when there is no terminal to ask');
    const session = await openSession(flags, input.connect, 'teardown', { lock: true });
    try {
      const log = headlessLog(input, flags.json);
      const deps = session.deps(log, headlessAsk);
      const say = (text: string) => {
        if (!flags.json) input.stdout.write(text);
      };
      say(
        `Looking for stack '${flags.stack}': its saved record, its names and the tag ${STACK_TAG_KEY}=${flags.stack}\n`,
      );
      let plan: TeardownPlan;
      try {
        plan = await withInterrupts(session.controller, () => planTeardown({ stack: flags.stack }, deps));
      } catch (error) {
        if (!session.controller.signal.aborted) throw error;
        input.stdout.write('Interrupted while looking: nothing deleted.\n');
        return 130;
      }
      if (!plan.saved && plan.order.length === 0) {
        if (flags.json) {
          const { leftAlone, notSearched } = plan;
          input.stdout.write(
            `${JSON.stringify({ stack: flags.stack, ok: true, removed: [], kept: [], found: [], leftAlone, notSearched })}\n`,
          );
        } else {
          say(describePlan(flags.stack, plan.record.region, plan, 'deletes'));
          say(
            `Nothing to tear down: stack '${flags.stack}' has no saved resources and nothing tagged for it was found.\n`,
          );
        }
        return 0;
      }
      say(describePlan(flags.stack, plan.record.region, plan, flags.yes ? 'deletes' : 'will delete'));
      if (!flags.yes && !(await confirm(input, 'Delete these resources? [y/N] '))) {
        input.stdout.write('Nothing deleted.\n');
        return 1;
      }
      const outcome = await withInterrupts(session.controller, () => runTeardown({ stack: flags.stack, plan }, deps));
      if (flags.json) input.stdout.write(`${JSON.stringify({ stack: flags.stack, ...outcome }, null, 2)}\n`);
      else if (outcome.ok) {
        const kept = outcome.kept.map((r) => `${r.kind} ${r.label}`);
        say(
          `\nStack '${flags.stack}' is torn down: ${outcome.removed.length} resource(s) removed.${kept.length > 0 ? ` Kept: ${kept.join(', ')}.` : ''}\n`,
        );
      } else {
        const where = outcome.resource ? ` at ${outcome.resource.kind} ${outcome.resource.label}` : '';
        say(
          `\nTeardown stopped${where}: ${outcome.error.message}\n${outcome.error.hint ? `  ${outcome.error.hint}\n` : ''}Progress is saved: run teardown again to continue.\n`,
        );
      }
      if (session.controller.signal.aborted) return 130;
      return outcome.ok ? 0 : 1;
    } finally {
      await session.close();
    }
  });
}
