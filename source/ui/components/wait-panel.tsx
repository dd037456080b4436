import { Spinner } from '@inkjs/ui';
import { Box } from 'ink';
import { formatElapsed } from '../format/shorten.js';
import { useNow } from '../hooks/use-now.js';
import type { WaitView } from '../state/types.js';
import { InstancesTable } from './instances-table.js';
import { Prose } from './prose.js';
import { TargetsTable } from './targets-table.js';

/** What AWS is doing now: what is awaited, for how long, how long it usually takes, live targets or instances. */
export function WaitPanel({ waits }: { waits: WaitView[] }) {
  const now = useNow(waits.length > 0);
  return (
    <Box flexDirection="column">
      {waits.map((w) => (
        <Box key={w.id} flexDirection="column">
          <Spinner label={w.what} />
          {/* Wrapped, not cut: how long it usually takes matters as much as the progress. */}
          <Box paddingLeft={2}>
            <Prose
              dimColor
              text={[w.progress, `${formatElapsed(Math.max(now, w.startedAt) - w.startedAt)} elapsed`, w.usually]
                .filter(Boolean)
                .join(' · ')}
            />
          </Box>
          {w.targets && <TargetsTable targets={w.targets} />}
          {w.instances && <InstancesTable instances={w.instances} />}
        </Box>
      ))}
    </Box>
  );
}
