import { TextInput } from '@inkjs/ui';
import { Box, Text, useInput } from 'ink';
import { useCallback, useRef, useState } from 'react';
import type { ChangeField } from '../port.js';

type Props = {
  /** `Scale the service (in or out)`. */
  title: string;
  fields: ChangeField[];
  /** Called once with every field answered (trimmed), by field id. */
  onDone: (values: Record<string, string>) => void;
  /** Esc on the first field: back to the menu, nothing changed. */
  onCancel: () => void;
};

/**
 * The questions of a change on a finished stack (the task count; the image and environment of a new
 * revision), one at a time with the rule of its flag checked inline; Enter takes the default, Esc
 * goes back a field, and from the first field back to the menu.
 */
export function ChangeForm({ title, fields, onDone, onCancel }: Props) {
  const [index, setIndex] = useState(0);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const field = fields[index];
  const done = useRef(false);

  useInput((_input, key) => {
    if (!key.escape || done.current) return;
    setError(undefined);
    if (index === 0) onCancel();
    else setIndex(index - 1);
  });

  const submit = useCallback(
    (raw: string) => {
      if (!field || done.current) return;
      const value = raw.trim() === '' ? (field.default ?? '') : raw.trim();
      const problem = field.validate(value);
      setError(problem);
      if (problem) return;
      const next = { ...values, [field.id]: value };
      setValues(next);
      if (index + 1 < fields.length) {
        setIndex(index + 1);
        return;
      }
      done.current = true;
      onDone(next);
    },
    [field, fields.length, index, onDone, values],
  );

  if (!field) return null;
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {fields.slice(0, index).map((f) => (
        <Text key={f.id} color="green">
          ✔ {f.label} <Text bold>{values[f.id] || '(none)'}</Text>
        </Text>
      ))}
      <Text bold>
        ? {field.label} <Text dimColor>({field.flag})</Text>
      </Text>
      {field.hint && <Text dimColor>{field.hint}</Text>}
      <Box>
        <Text color="cyan">› </Text>
        <TextInput
          key={field.id}
          placeholder={field.default ? `${field.default} (enter keeps it)` : '(enter for none)'}
          onSubmit={submit}
        />
      </Box>
      {error && <Text color="red">{error}</Text>}
      <Text dimColor>
        {fields.length > 1 ? `question ${index + 1}/${fields.length} · ` : ''}esc {index === 0 ? 'cancel' : 'back'}
      </Text>
    </Box>
  );
}
