import { ConfirmInput } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { RecordedResource } from '../../model/resources.js';
import { idAfterLabel } from '../format/shorten.js';

type Props = { resources: RecordedResource[]; onConfirm: () => void; onCancel: () => void };

/** Every resource teardown will delete, in order, then a y/N confirmation (No is the default). */
export function TeardownConfirm({ resources, onConfirm, onCancel }: Props) {
  return (
    <Box flexDirection="column">
      <Text bold>Tear down will delete, in this order:</Text>
      {resources.length === 0 && <Text dimColor> nothing: this stack has no recorded resources</Text>}
      {resources.map((r) => (
        <Text key={`${r.kind}-${r.id}`} wrap="truncate-end">
          {'  '}• {r.kind.padEnd(20)} {r.label}{' '}
          <Text dimColor>
            {r.kind === 'service-linked-role'
              ? '(kept: account-wide, ECS needs it)'
              : `${idAfterLabel(r.id) ?? ''}${r.foundBy ? ' (found by tag: not in the saved record)' : ''}`}
          </Text>
        </Text>
      ))}
      <Text dimColor>The cluster, its instances and their security group are kept (only our rule is revoked).</Text>
      <Box>
        <Text bold>Delete these? </Text>
        <ConfirmInput defaultChoice="cancel" onConfirm={onConfirm} onCancel={onCancel} />
      </Box>
    </Box>
  );
}
