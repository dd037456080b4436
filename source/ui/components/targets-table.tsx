import { Box, Text } from 'ink';
import type { TargetRow } from '../../model/resources.js';

const stateColors: Partial<Record<TargetRow['state'], string>> = {
  healthy: 'green',
  unhealthy: 'red',
  initial: 'yellow',
  draining: 'yellow',
};

/** Registered targets as the ALB sees them: instance:port → state (reason), one row each. */
export function TargetsTable({ targets }: { targets: TargetRow[] }) {
  if (targets.length === 0) return <Text dimColor> no targets registered yet</Text>;
  const shown = targets.slice(0, 6);
  return (
    <Box flexDirection="column" marginLeft={2}>
      <Text dimColor>
        {'target'.padEnd(28)}
        {'state'.padEnd(11)}reason
      </Text>
      {shown.map((t) => (
        <Text key={`${t.instanceId}:${t.port}`}>
          {`${t.instanceId}:${t.port}`.padEnd(28)}
          <Text color={stateColors[t.state]}>{t.state.padEnd(11)}</Text>
          <Text dimColor>{t.reason ?? ''}</Text>
        </Text>
      ))}
      {targets.length > shown.length && <Text dimColor>… and {targets.length - shown.length} more</Text>}
    </Box>
  );
}
