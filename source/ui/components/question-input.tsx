import { ConfirmInput, MultiSelect, Select, TextInput } from '@inkjs/ui';
import { Box, Text } from 'ink';
import { useCallback, useMemo, useState } from 'react';
import type { Choice, Question, RawAnswer } from '../../steps/types.js';

type Props = {
  question: Question;
  /** The value given earlier in this run (after Esc went back), shown instead of the default. */
  previous?: RawAnswer;
  onSubmit: (value: RawAnswer) => void;
};

/** `label (hint)`, with the default marked, as one option line. */
export function toOptions(choices: Choice[], defaults: string[]): { label: string; value: string }[] {
  return choices.map((c) => ({
    value: c.value,
    label: `${c.label}${c.hint ? ` (${c.hint})` : ''}${defaults.includes(c.value) ? ' (default)' : ''}`,
  }));
}

/** The default first, so Enter picks it (the list keeps its order otherwise). */
function defaultFirst(choices: Choice[], value: string | undefined): Choice[] {
  const index = choices.findIndex((c) => c.value === value);
  if (index <= 0) return choices;
  return [choices[index] as Choice, ...choices.slice(0, index), ...choices.slice(index + 1)];
}

/**
 * One question rendered with @inkjs/ui: select, multi-select, text with inline validation, confirm.
 * A question whose flag gave a bad value opens with that problem shown (a text input holds the value).
 */
export function QuestionInput({ question, previous, onSubmit }: Props) {
  const [error, setError] = useState<string | undefined>(previous === undefined ? question.error : undefined);
  const selectDefault =
    question.kind === 'select' ? (typeof previous === 'string' ? previous : question.default) : undefined;
  const multiDefault =
    question.kind === 'multiselect' ? (Array.isArray(previous) ? previous : (question.default ?? [])) : [];
  const choices = question.kind === 'select' || question.kind === 'multiselect' ? question.choices : undefined;
  const options = useMemo(
    () =>
      choices ? toOptions(defaultFirst(choices, selectDefault), selectDefault ? [selectDefault] : multiDefault) : [],
    // The multi-select default is compared by value: it is rebuilt on every render.
    [choices, selectDefault, multiDefault.join(',')],
  );

  const submitText = useCallback(
    (value: string) => {
      const problem = question.kind === 'text' ? question.validate(value.trim()) : undefined;
      setError(problem);
      if (!problem) onSubmit(value.trim());
    },
    [question, onSubmit],
  );
  const changeText = useCallback(
    (value: string) => {
      if (error !== undefined && question.kind === 'text') setError(question.validate(value.trim()));
    },
    [error, question],
  );
  const submitMulti = useCallback(
    (values: string[]) => {
      const problem = question.kind === 'multiselect' ? question.validate?.(values) : undefined;
      setError(problem);
      if (!problem) onSubmit(values);
    },
    [question, onSubmit],
  );
  const confirm = useCallback(() => onSubmit(true), [onSubmit]);
  const cancel = useCallback(() => onSubmit(false), [onSubmit]);

  return (
    <Box flexDirection="column">
      <Text bold>
        ? {question.message} <Text dimColor>({question.flag})</Text>
      </Text>
      {question.kind === 'select' && <Select options={options} visibleOptionCount={6} onChange={onSubmit} />}
      {question.kind === 'multiselect' && (
        <>
          <MultiSelect options={options} defaultValue={multiDefault} visibleOptionCount={6} onSubmit={submitMulti} />
          <Text dimColor>space toggles · enter confirms</Text>
        </>
      )}
      {question.kind === 'text' && (
        <TextInput
          defaultValue={typeof previous === 'string' ? previous : (question.given ?? question.default)}
          onChange={changeText}
          onSubmit={submitText}
        />
      )}
      {question.kind === 'confirm' && (
        <ConfirmInput
          defaultChoice={(typeof previous === 'boolean' ? previous : question.default) ? 'confirm' : 'cancel'}
          onConfirm={confirm}
          onCancel={cancel}
        />
      )}
      {error && <Text color="red">✖ {error}</Text>}
    </Box>
  );
}
