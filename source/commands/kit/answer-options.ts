import { answerKeys, answerTable } from '../../steps/answer-table.js';
import type { AnswerKey, Answers } from '../../model/answers.js';
import type { OptionSpec } from './options.js';

/** The `--flag` name (without dashes) for an answer key. */
function optionName(key: AnswerKey): string {
  return answerTable[key].flag.slice(2);
}

/** One flag per answer (a switch for `--create-cluster`, else a string), from the answer table, for the command registry (setup and plan take them all). */
export const answerOptions: Record<string, OptionSpec> = Object.fromEntries(
  answerKeys.map((key): [string, OptionSpec] => {
    const spec = answerTable[key];
    if (spec.boolean) return [optionName(key), { type: 'boolean', description: spec.description }];
    return [
      optionName(key),
      {
        type: 'string',
        value: spec.placeholder,
        description: `${spec.description} (default: ${spec.defaultHint ?? spec.default})`,
      },
    ];
  }),
);

/** The answers the flags carry (only those given). */
export function answersFromFlags(flags: Record<string, string | boolean | undefined>): Answers {
  const answers: Answers = {};
  for (const key of answerKeys) {
    const value = flags[optionName(key)];
    if (typeof value === 'string') answers[key] = value.trim();
    else if (value === true && answerTable[key].boolean) answers[key] = 'true';
  }
  return answers;
}
