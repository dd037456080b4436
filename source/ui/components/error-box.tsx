import { Box, Text } from 'ink';
import type { FriendlyError } from '../../model/errors.js';

/** A failed step: the one-line cause, what to do, and that progress is saved. */
export function ErrorBox({ title, error }: { title: string; error: FriendlyError }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="red" paddingX={1}>
      <Text color="red" bold>
        ✖ {title} failed{error.code ? ` (${error.code})` : ''}
      </Text>
      <Text>{error.message}</Text>
      {error.hint && <Text>→ {error.hint}</Text>}
      <Text dimColor>
        {error.progressSaved
          ? 'Progress is saved: what was created is recorded, and a rerun continues from this step.'
          : 'Nothing was saved for this step.'}
      </Text>
    </Box>
  );
}
