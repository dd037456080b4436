import { Spinner } from '@inkjs/ui';
import { Box } from 'ink';
import type { SlowCallView } from '../state/types.js';

/** `waiting for ELBv2 CreateLoadBalancer… 7 s`: one line per AWS call running long, so the screen says what it waits for. */
export function SlowCalls({ calls }: { calls: SlowCallView[] }) {
  if (calls.length === 0) return null;
  return (
    <Box flexDirection="column">
      {calls.map((c) => (
        <Spinner key={c.id} label={`waiting for ${c.what}\u2026 ${Math.floor(c.elapsedMs / 1000)} s`} />
      ))}
    </Box>
  );
}
