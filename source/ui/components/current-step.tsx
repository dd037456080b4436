import { Box, Text } from 'ink';
import { kindName } from '../format/kind-name.js';
import { idAfterLabel } from '../format/shorten.js';
import type { CurrentStep as CurrentStepState } from '../state/types.js';
import { switchText } from '../state/reduce-event.js';
import { Prose } from './prose.js';

/** The step being worked on: its title, why it exists, what flags answered and what it made so far. */
export function CurrentStep({ step }: { step: CurrentStepState }) {
  return (
    <Box flexDirection="column">
      <Text bold color="cyan">
        ▶ {step.title}
      </Text>
      <Prose text={step.why} dimColor />
      {step.answered.map((a) => (
        <Text key={a.key} color="green">
          ✔ {switchText(a)} <Text dimColor>({a.source === 'flag' ? 'from flag, not asked' : 'saved earlier'})</Text>
        </Text>
      ))}
      {step.given.map((g) => (
        <Text key={g.label} color="green">
          ✔ {g.label}: {g.value || g.flag}
        </Text>
      ))}
      {step.resources.map(({ resource, reused }) => (
        <Text key={`${resource.kind}-${resource.id}`} wrap="truncate-end">
          {reused ? '  reused  ' : '  created '}
          {kindName(resource.kind)} {resource.label} <Text dimColor>{idAfterLabel(resource.id)}</Text>
        </Text>
      ))}
      {step.logs.slice(-3).map((line, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          {'  '}
          {line}
        </Text>
      ))}
    </Box>
  );
}
