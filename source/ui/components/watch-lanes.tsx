import { Box, Text } from 'ink';
import type { TimelineBucket, WatchLane } from '../../../verify/watch-types.js';
import type { WatchView } from '../state/types.js';

const BLOCKS = ' ▁▂▃▄▅▆▇█';
/** Seconds of answers drawn per lane: 12 + 1 + 12 + 1 + 8 + 1 + 30 + 6 = 71 columns with the count. */
const SPARK = 30;
const changeWords = { scale: 'scale', deploy: 'deploy', watch: 'watch' } as const;

/**
 * `▁▃█`: one block per second, as tall as that second's count against `max` (by default the largest
 * shown). Lanes share one `max`, so a lane whose share drops as others join visibly shrinks.
 */
export function sparkline(counts: number[], width = SPARK, max = Math.max(1, ...counts.slice(-width))): string {
  const shown = counts.slice(-width);
  const line = shown.map((n) => (n === 0 ? ' ' : BLOCKS[Math.max(1, Math.round((n / max) * 8))]!)).join('');
  return line.padStart(width);
}

/** Lanes drawn live: a target that turned healthy, until its drain finishes (then the lane goes). */
export function shownLanes(lanes: WatchLane[]): WatchLane[] {
  return lanes.filter((l) => l.state === 'healthy' || l.state === 'draining' || l.state === 'unhealthy');
}

/**
 * A revision in `width` columns: `family:N` as is when it fits, else the family shortened with
 * `…` so the number, which tells old from new, always shows (`demo-host…:2`).
 */
export function shortRevision(revision: string, width = 12): string {
  if (revision.length <= width) return revision;
  const colon = revision.lastIndexOf(':');
  if (colon < 0) return `${revision.slice(0, width - 1)}…`;
  const number = revision.slice(colon);
  return `${revision.slice(0, Math.max(0, width - number.length - 1))}…${number}`.slice(-width);
}

function laneRow(lane: WatchLane, recent: TimelineBucket[], max: number) {
  const spark = sparkline(
    recent.map((b) => b.backends[lane.backend] ?? 0),
    SPARK,
    max,
  );
  const row = [
    lane.backend.slice(0, 12).padEnd(12),
    shortRevision(lane.revision ?? '').padEnd(12),
    lane.state.padEnd(8),
    spark,
    String(lane.answers).padStart(6),
  ].join(' ');
  if (lane.state === 'draining') return <Text dimColor>{row}</Text>;
  return <Text color={lane.state === 'unhealthy' ? 'yellow' : 'green'}>{row}</Text>;
}

/**
 * The change as it happens: one lane per container, appearing when its target turns healthy and
 * dimmed while it drains, each with its answers per second over the last 30 s; a failures row
 * under them (per second, the total, and what the last failures were); and the rate achieved
 * against the rate asked. Every row fits 80 columns.
 */
export function WatchLanes({ watch }: { watch: WatchView }) {
  const { snapshot, recent } = watch;
  const lanes = shownLanes(snapshot.lanes);
  const starting = snapshot.lanes.filter((l) => l.state === 'starting').length;
  const failedBy = recent
    .flatMap((b) => Object.entries(b.failuresBy))
    .reduce<Record<string, number>>((all, [label, n]) => ({ ...all, [label]: (all[label] ?? 0) + n }), {});
  const labels = Object.entries(failedBy)
    .map(([label, n]) => `${label} ×${n}`)
    .join(', ');
  const { achieved, target } = snapshot.rate;
  const max = Math.max(1, ...recent.flatMap((b) => Object.values(b.backends)));
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold wrap="truncate-end">
        Watching the {changeWords[watch.change]} · {Math.floor(snapshot.elapsedMs / 1000)} s · {achieved.toFixed(1)} of{' '}
        {target} req/s · {snapshot.sent} sent, {snapshot.failed} failed
      </Text>
      <Text dimColor>
        {[
          'container'.padEnd(12),
          'revision'.padEnd(12),
          'state'.padEnd(8),
          `answers, last ${SPARK} s`.padEnd(SPARK),
        ].join(' ')}
        {'total'.padStart(7)}
      </Text>
      {lanes.length === 0 && <Text dimColor>no target healthy yet</Text>}
      {lanes.map((lane) => (
        <Box key={lane.backend}>{laneRow(lane, recent, max)}</Box>
      ))}
      {starting > 0 && (
        <Text dimColor>
          {starting} task{starting === 1 ? '' : 's'} starting (a lane appears when its target is healthy)
        </Text>
      )}
      <Text color={snapshot.failed > 0 ? 'red' : undefined} wrap="truncate-end">
        {['failures'.padEnd(34), sparkline(recent.map((b) => b.failures)), String(snapshot.failed).padStart(6)].join(
          ' ',
        )}
        {labels ? `  ${labels}` : ''}
      </Text>
    </Box>
  );
}
