import { Box, Text } from 'ink';
import type { VerificationView } from '../port.js';

/** A verifier result: the verifier's own chart when it gives one, else its plain lines, then the verdict. */
export function VerificationPanel({ view }: { view: VerificationView }) {
  return (
    <Box flexDirection="column" marginY={1}>
      {view.render ? view.render() : view.lines.map((line, i) => <Text key={i}>{line}</Text>)}
      <Text bold color={view.passed ? 'green' : 'red'}>
        {view.passed ? '✔' : '✖'} {view.headline}
      </Text>
    </Box>
  );
}
