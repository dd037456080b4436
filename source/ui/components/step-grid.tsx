import { Spinner } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { StepView } from '../state/types.js';

const icons = { pending: '○', done: '✔', failed: '✖', skipped: '↷' } as const;
const colors = { pending: undefined, done: 'green', failed: 'red', skipped: 'gray' } as const;

function StepCell({ step, number }: { step: StepView; number: number }) {
  const label = `${String(number).padStart(2)} ${step.id}`;
  if (step.status === 'running') return <Spinner label={label} />;
  return (
    <Text color={colors[step.status]} dimColor={step.status === 'pending'}>
      {icons[step.status]} {label}
    </Text>
  );
}

/** Every step with its status, in two columns so the list stays visible at 80x24. */
export function StepGrid({ steps }: { steps: StepView[] }) {
  if (steps.length === 0) return null;
  const half = Math.ceil(steps.length / 2);
  const columns = [steps.slice(0, half), steps.slice(half)];
  return (
    <Box>
      {columns.map((column, c) => (
        <Box key={c} flexDirection="column" width={28}>
          {column.map((step, i) => (
            <StepCell key={step.id} step={step} number={c * half + i + 1} />
          ))}
        </Box>
      ))}
    </Box>
  );
}
