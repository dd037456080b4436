import { Box, Text } from 'ink';
import type { InstanceRow } from '../../model/resources.js';

const stateColors: Record<string, string> = { running: 'green', pending: 'yellow', terminated: 'red' };

/** The Auto Scaling group's instances while they boot: instance, AZ, EC2 state, registered with ECS or not. */
export function InstancesTable({ instances }: { instances: InstanceRow[] }) {
  if (instances.length === 0) return <Text dimColor> no instances launched yet</Text>;
  const shown = instances.slice(0, 10);
  return (
    <Box flexDirection="column" marginLeft={2}>
      <Text dimColor>
        {'instance'.padEnd(21)}
        {'AZ'.padEnd(17)}
        {'EC2 state'.padEnd(14)}ECS
      </Text>
      {shown.map((i) => (
        <Text key={i.instanceId}>
          {i.instanceId.padEnd(21)}
          {i.az.padEnd(17)}
          <Text color={stateColors[i.ec2State]}>{i.ec2State.padEnd(14)}</Text>
          <Text color={i.registered ? 'green' : undefined} dimColor={!i.registered}>
            {i.registered ? 'registered' : 'not yet'}
          </Text>
        </Text>
      ))}
      {instances.length > shown.length && <Text dimColor>… and {instances.length - shown.length} more</Text>}
    </Box>
  );
}
