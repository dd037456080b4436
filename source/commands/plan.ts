import { guardCommand } from './kit/guard.js';
import { buildPlan, planScript } from '../engine/plan.js';
import { parseCommonFlags } from './kit/session.js';
import { UsageError } from '../engine/usage-error.js';
import { StackStore } from '../state/store.js';
import { defaults } from '../steps/defaults.js';
import { answersFromFlags } from './kit/answer-options.js';
import { validateAnswerFormats } from '../steps/answer-table.js';
import { findConflict } from './kit/conflicts.js';
import type { CommandInput } from './kit/types.js';

/**
 * `plan [--format sh]`: what setup would do, as steps and the equivalent `aws` CLI commands.
 * Offline: values from flags, saved progress and defaults; the rest are shell variables.
 */
export async function run(input: CommandInput): Promise<number> {
  return guardCommand(input.stderr, () => {
    const flags = parseCommonFlags(input.flags);
    if (input.positionals.length > 0)
      throw new UsageError(`plan takes no arguments, got '${input.positionals.join(' ')}'`);
    const conflict = findConflict('plan', input.flags);
    if (conflict) throw new UsageError(conflict);
    const format = typeof input.flags.format === 'string' ? input.flags.format : 'text';
    if (format !== 'text' && format !== 'sh') throw new UsageError(`--format must be text or sh, got '${format}'`);
    const answers = answersFromFlags(input.flags);
    const problem = validateAnswerFormats(answers);
    if (problem) throw new UsageError(problem);
    const record = new StackStore(flags.stateDir, flags.stack).get();
    const plan = buildPlan(flags.stack, answers, record);
    if (flags.json) {
      input.stdout.write(`${JSON.stringify({ stack: flags.stack, steps: plan }, null, 2)}\n`);
    } else if (format === 'sh') {
      input.stdout.write(planScript(flags.stack, plan, { ...defaults, ...record?.answers, ...answers }));
    } else {
      const lines = [`Plan for stack '${flags.stack}':`, ''];
      plan.forEach((entry, i) => {
        lines.push(
          `${i + 1}. ${entry.title}${entry.done ? ' (done)' : ''}`,
          `   ${entry.why}`,
          ...entry.commands.map((c) => `   $ ${c}`),
          '',
        );
      });
      input.stdout.write(`${lines.join('\n')}`);
    }
    return Promise.resolve(0);
  });
}
