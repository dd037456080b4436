import { Box, Text } from 'ink';
import { VerificationView } from '../../../verify/report.js';
import type { VerificationReport } from '../../../verify/types.js';

/** `PASS with 3 backends (60/60 requests answered)`: the verdict in one line under the chart. */
export function verdictLine(report: VerificationReport): string {
  const answered = report.backends.filter((b) => b.count > 0).length;
  return `${report.verdict} with ${answered} backend${answered === 1 ? '' : 's'} (${report.ok}/${report.sent} requests answered)`;
}

/** A verifier result: the verifier's own chart and criteria, then the verdict in one line. */
export function VerificationPanel({ report }: { report: VerificationReport }) {
  const passed = report.verdict === 'PASS';
  return (
    <Box flexDirection="column" marginY={1}>
      <VerificationView report={report} />
      <Text bold color={passed ? 'green' : 'red'}>
        {passed ? '✔' : '✖'} {verdictLine(report)}
      </Text>
    </Box>
  );
}
