import { ConfirmInput } from '@inkjs/ui';
import { Box, Text } from 'ink';
import type { RecordedResource } from '../../model/resources.js';
import { idAfterLabel } from '../format/shorten.js';

type Props = { resources: RecordedResource[]; onConfirm: () => void; onCancel: () => void };

const CAPACITY_KINDS: readonly RecordedResource['kind'][] = [
  'ecs-cluster',
  'auto-scaling-group',
  'capacity-provider',
  'launch-template',
];

/**
 * What happens to the cluster: one the stack created (`--create-cluster`) goes with its EC2
 * capacity; an existing one stays with its instances, only the stack's ingress rule revoked.
 */
export function keptNote(resources: readonly RecordedResource[]): string {
  const cluster = resources.find((r) => r.kind === 'ecs-cluster');
  const created = resources.some((r) => CAPACITY_KINDS.includes(r.kind));
  if (created)
    return `The cluster${cluster ? ` ${cluster.label}` : ''} and its EC2 capacity (instances, Auto Scaling group, launch template, IAM role) are deleted.`;
  return 'The cluster, its instances and their security group are kept (only our rule is revoked).';
}

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
      <Text dimColor>{keptNote(resources)}</Text>
      <Box>
        <Text bold>Delete these? </Text>
        <ConfirmInput defaultChoice="cancel" onConfirm={onConfirm} onCancel={onCancel} />
      </Box>
    </Box>
  );
}
