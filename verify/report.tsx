import { Box, render, Text } from 'ink';
import { backendRows, BAR_WIDTH, columnWidths, findingLine, formatLatency, nodeLine, runLine } from './view-model.js';
import type { Summary, VerificationReport } from './types.js';

export type VerificationViewProps = {
  report: VerificationReport;
  /**
   * Use colour. Meaning never depends on it (✓/✗, PASS/FAIL and the bar characters carry it).
   * @default true unless the NO_COLOR environment variable is set
   */
  color?: boolean;
};

const useColour = (color: boolean | undefined): boolean => color ?? !process.env.NO_COLOR;

/**
 * The verifier's report as an Ink view: verdict, one row per backend (bar, count, share with its
 * interval, p50/p95 and the task, instance:port, AZ and target health when known), the load
 * balancer nodes and what each reached, errors, silent backends explained, causes and notes, and
 * each criterion with its evidence. Fits 80 columns; the wizard shows it after
 * each verification.
 */
export function VerificationView({ report, color }: VerificationViewProps) {
  const colour = useColour(color);
  const ok = report.verdict === 'PASS';
  const paint = (name: string): string | undefined => (colour ? name : undefined);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold={colour} color={paint(ok ? 'green' : 'red')} inverse={colour}>
          {` ${report.verdict} `}
        </Text>
        {` ${report.url}`}
      </Text>
      <Text dimColor={colour}>{`  ${runLine(report)}`}</Text>
      <BackendBars summary={report} colour={colour} />
      <Nodes report={report} colour={colour} />
      <Notes report={report} colour={colour} />
      <Box flexDirection="column" marginTop={1}>
        {report.criteria.map((criterion) => (
          // The mark in its own column, so a long evidence wraps under the text, not under the mark.
          <Box key={criterion.id}>
            <Box flexShrink={0}>
              <Text color={paint(criterion.pass ? 'green' : 'red')}>{`  ${criterion.pass ? '✓' : '✗'} `}</Text>
            </Box>
            <Text>
              <Text bold={colour && !criterion.pass}>{criterion.title}</Text>
              <Text dimColor={colour && criterion.pass}>{`: ${criterion.evidence}`}</Text>
            </Text>
          </Box>
        ))}
      </Box>
    </Box>
  );
}

/** Live progress while requests are in flight: how many were sent and the bars so far. */
export function VerificationProgress({ url, summary, color }: { url: string; summary?: Summary; color?: boolean }) {
  const colour = useColour(color);
  return (
    <Box flexDirection="column">
      <Text>{`Verifying ${url}: ${summary?.sent ?? 0} answers, ${summary?.failed ?? 0} errors`}</Text>
      {summary ? <BackendBars summary={summary} colour={colour} /> : null}
    </Box>
  );
}

function BackendBars({ summary, colour }: { summary: Summary; colour: boolean }) {
  const rows = backendRows(summary);
  const width = columnWidths(rows);
  const paint = (name: string): string | undefined => (colour ? name : undefined);
  return (
    <Box flexDirection="column" marginTop={1}>
      {rows.map((row) => (
        <Box key={row.id} flexDirection="column">
          <Text wrap="truncate-end">
            {`  ${row.id.padEnd(width.id)}  `}
            <Text color={paint(row.unexpected ? 'yellow' : 'cyan')}>{'█'.repeat(row.filled)}</Text>
            <Text dimColor={colour}>{'░'.repeat(BAR_WIDTH - row.filled)}</Text>
            {`  ${row.count.padStart(width.count)}  ${row.share.padStart(width.share)}  ${row.latency}`}
            {row.unexpected ? <Text color={paint('yellow')}> (unexpected)</Text> : null}
            {row.silent ? <Text color={paint('red')}> (never answered)</Text> : null}
          </Text>
          {row.detail ? (
            <Text dimColor={colour} wrap="truncate-end">{`  ${' '.repeat(width.id)}  ${row.detail}`}</Text>
          ) : null}
        </Box>
      ))}
      {rows.length === 0 ? <Text color={paint('red')}> no backend answered</Text> : null}
    </Box>
  );
}

function Nodes({ report, colour }: { report: Summary; colour: boolean }) {
  if (report.nodes.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>{`  load balancer nodes (${report.nodes.length}):`}</Text>
      {report.nodes.map((node) => (
        <Text key={`${node.address}:${node.port}`} dimColor={colour && node.gone === true}>
          {`    ${nodeLine(node, report.expectedCount)}`}
        </Text>
      ))}
    </Box>
  );
}

function Notes({ report, colour }: { report: VerificationReport; colour: boolean }) {
  const lines = [
    ...(report.errors.length > 0 ? [`errors: ${report.errors.map((e) => `${e.label} ×${e.count}`).join(', ')}`] : []),
    ...report.missing.map((m) => `! ${m.explanation}`),
    ...report.findings.map(findingLine),
  ];
  return (
    <Box flexDirection="column" marginTop={1}>
      {lines.map((line) => (
        <Text key={line} color={colour ? 'yellow' : undefined}>{`  ${line}`}</Text>
      ))}
      {report.latency ? (
        <Text dimColor={colour}>{`  latency overall: ${formatLatency(report.latency, true)}`}</Text>
      ) : null}
    </Box>
  );
}

/**
 * Renders live progress on a terminal and then the final report, which stays on screen. For the
 * `verify` command; the wizard embeds `VerificationView` in its own tree instead.
 */
export function startLiveReport(stdout: NodeJS.WriteStream, url: string, color?: boolean) {
  const instance = render(<VerificationProgress url={url} color={color} />, {
    stdout,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  return {
    update(summary: Summary): void {
      instance.rerender(<VerificationProgress url={url} summary={summary} color={color} />);
    },
    async finish(report: VerificationReport): Promise<void> {
      instance.rerender(<VerificationView report={report} color={color} />);
      instance.unmount();
      await instance.waitUntilExit();
    },
  };
}

/** Renders the final report once on a terminal (no live phase), e.g. after a stack's verification. */
export async function renderReport(
  stdout: NodeJS.WriteStream,
  report: VerificationReport,
  color?: boolean,
): Promise<void> {
  const instance = render(<VerificationView report={report} color={color} />, {
    stdout,
    patchConsole: false,
    exitOnCtrlC: false,
  });
  instance.unmount();
  await instance.waitUntilExit();
}
