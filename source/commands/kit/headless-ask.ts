import type { Question, RawAnswer, Step } from '../../steps/types.js';
import type { AnswerKey } from '../../model/answers.js';
import { UsageError } from '../../engine/usage-error.js';

/**
 * `ask` without a terminal (or with `--no-input`): every question takes its default; one without a
 * default is a usage error naming the flag (and the choices, when there are some).
 */
export function headlessAsk(
  _step: Step<unknown>,
  questions: Question[],
): Promise<Partial<Record<AnswerKey, RawAnswer>>> {
  const answers: Partial<Record<AnswerKey, RawAnswer>> = {};
  for (const q of questions) {
    const value = q.kind === 'multiselect' ? (q.default && q.default.length > 0 ? q.default : undefined) : q.default;
    if (value === undefined) {
      const choices = q.kind === 'select' || q.kind === 'multiselect' ? q.choices.map((c) => c.value) : [];
      const hint =
        choices.length > 0
          ? ` (one of: ${choices.join(', ')})`
          : q.kind === 'select' || q.kind === 'multiselect'
            ? ' (none found)'
            : '';
      return Promise.reject(new UsageError(`${q.flag} is required without a prompt: ${q.message}${hint}`));
    }
    answers[q.key] = value;
  }
  return Promise.resolve(answers);
}
