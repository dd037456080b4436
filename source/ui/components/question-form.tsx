import { Box, Text, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { Question, RawAnswer } from '../../steps/types.js';
import type { AnswerKey } from '../../model/answers.js';
import type { AskAnswers } from '../port.js';
import { QuestionInput } from './question-input.js';

type Props = {
  questions: Question[];
  /** Called once, with every question answered. */
  onDone: (answers: AskAnswers) => void;
};

/** How an answer reads in the transcript. */
export function describeAnswer(question: Question, value: RawAnswer): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const values = Array.isArray(value) ? value : [value];
  if (question.kind === 'select' || question.kind === 'multiselect') {
    return values.map((v) => question.choices.find((c) => c.value === v)?.label ?? v).join(', ');
  }
  return values.join(', ');
}

/** The questions of one step, one at a time; Esc goes back to the previous one. */
export function QuestionForm({ questions, onDone }: Props) {
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Partial<Record<AnswerKey, RawAnswer>>>({});
  const question = questions[index];

  useInput(
    (_input, key) => {
      if (key.escape && index > 0) setIndex(index - 1);
    },
    { isActive: index > 0 },
  );

  // @inkjs/ui may call back again when it re-renders: answer each position once, and finish once.
  const done = useRef(false);
  const submit = useCallback(
    (value: RawAnswer) => {
      if (!question || done.current) return;
      const next = { ...answers, [question.key]: value };
      setAnswers(next);
      if (index + 1 < questions.length) {
        setIndex(index + 1);
        return;
      }
      done.current = true;
      onDone(next);
    },
    [answers, index, onDone, question, questions.length],
  );

  if (!question) return null;
  return (
    <Box flexDirection="column">
      {questions.slice(0, index).map((q) => {
        const value = answers[q.key];
        return (
          <Text key={q.key} color="green">
            ✔ {q.message} <Text bold>{value === undefined ? '' : describeAnswer(q, value)}</Text>
          </Text>
        );
      })}
      <QuestionInput
        key={`${question.key}-${index}`}
        question={question}
        previous={answers[question.key]}
        onSubmit={submit}
      />
      {questions.length > 1 && (
        <Text dimColor>
          question {index + 1}/{questions.length}
          {index > 0 ? ' · esc back' : ''}
        </Text>
      )}
    </Box>
  );
}
