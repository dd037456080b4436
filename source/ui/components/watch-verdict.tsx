import { Box, Text } from 'ink';
import type { WatchedChange } from '../../model/events.js';
import type { WatchReport } from '../../../verify/watch-types.js';

const changeNames: Record<WatchedChange, string> = { scale: 'scale', deploy: 'deploy', watch: 'watch' };

/** `PASS: scale watched 42 s, 840 requests, 0 failed (20.0/20 req/s)`: the watch's verdict in one line. */
export function watchVerdictLine(change: WatchedChange, report: WatchReport): string {
  const seconds = Math.round(report.durationMs / 1000);
  const rate = `${report.rate.achieved.toFixed(1)}/${report.rate.target} req/s`;
  return `${report.verdict}: ${changeNames[change]} watched ${seconds} s, ${report.sent} requests, ${report.failed} failed (${rate})`;
}

/**
 * The verdict on a watched change, printed once in the log: the line above, then each criterion
 * with its evidence and, for one that failed, the fix, so the user reads why without the report.
 */
export function WatchVerdict({ change, report }: { change: WatchedChange; report: WatchReport }) {
  const passed = report.verdict === 'PASS';
  return (
    <Box flexDirection="column" marginY={1}>
      {report.criteria.map((c) => (
        <Box key={c.id} flexDirection="column">
          <Text color={c.pass ? 'green' : 'red'} wrap="wrap">
            {c.pass ? '✔' : '✖'} {c.title}
            <Text dimColor>: {c.evidence}</Text>
          </Text>
          {!c.pass && c.fix ? (
            <Text color="yellow" wrap="wrap">
              {'    fix: '}
              {c.fix}
            </Text>
          ) : null}
        </Box>
      ))}
      <Text bold color={passed ? 'green' : 'red'}>
        {passed ? '✔' : '✖'} {watchVerdictLine(change, report)}
      </Text>
    </Box>
  );
}
