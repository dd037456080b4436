import type { TimelineBucket, WatchEvent, WatchLane, WatchReport } from './watch-types.js';

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;
/** Columns before the cells: two spaces, a 12-character backend id, two spaces. */
const LABEL = 16;

/** Event marks in the `events` row, the most telling first when several share a column. */
const MARKS: [WatchEvent['kind'], string, (e: { state?: string }) => boolean][] = [
  ['circuit-breaker', '!', () => true],
  ['deployment', '!', (e) => e.state === 'FAILED'],
  ['task-stopped', 'x', () => true],
  ['deployment', 'D', (e) => e.state === 'COMPLETED'],
  ['target-drained', '-', () => true],
  ['target-draining', '~', () => true],
  ['target-unhealthy', '?', () => true],
  ['target-healthy', '+', () => true],
];

/** The legend printed under the picture (each line within 80 columns). */
export const PICTURE_LEGEND = [
  'bars: share of the requests sent then that the backend answered (█ all, ▁ up',
  'to 1/8); · alive, no answer; failures: share failed; events: + healthy',
  '~ draining - drained x task stopped D deployment completed ! breaker/failed',
];

/** One bar glyph for `part` of `whole` (at least the lowest bar when part > 0). */
function bar(part: number, whole: number): string {
  if (part <= 0 || whole <= 0) return '·';
  return BARS[Math.min(7, Math.max(0, Math.ceil((part / whole) * 8) - 1))] ?? '█';
}

/** Whether a lane was there (expected at the start, or introduced) during `[fromMs, toMs)`. */
function alive(lane: WatchLane, fromMs: number, toMs: number): boolean {
  const born = lane.before ? 0 : Math.min(lane.healthyAtMs ?? Infinity, lane.firstAnswerAtMs ?? Infinity);
  const gone = Math.min(lane.drainedAtMs ?? Infinity, lane.stoppedAtMs ?? Infinity);
  return born < toMs && gone > fromMs;
}

/**
 * The timeline as text within `width` columns (default 80): one row per backend lane, a failures
 * row, an events row and a time axis. Each column is `step` seconds (the watch's length divided
 * over the columns left after the 16-character labels), so a 10-min watch fits as well as a 30 s one.
 */
export function timelinePicture(report: Pick<WatchReport, 'timeline' | 'lanes' | 'events'>, width = 80): string[] {
  const buckets = report.timeline;
  const columns = Math.max(10, width - LABEL - 2);
  const step = Math.max(1, Math.ceil(buckets.length / columns));
  const used = Math.max(1, Math.ceil(buckets.length / step));
  const groups: TimelineBucket[][] = Array.from({ length: used }, (_, c) => buckets.slice(c * step, (c + 1) * step));
  const sum = (group: TimelineBucket[], of: (b: TimelineBucket) => number): number =>
    group.reduce((total, b) => total + of(b), 0);
  const requests = groups.map((g) => sum(g, (b) => b.requests));
  const label = (text: string): string =>
    `  ${text.length > LABEL - 4 ? `${text.slice(0, LABEL - 5)}…` : text}`.padEnd(LABEL);
  const rows = report.lanes.map((lane) => {
    const cells = groups.map((g, c) => {
      const answers = sum(g, (b) => b.backends[lane.backend] ?? 0);
      if (answers > 0) return bar(answers, requests[c] ?? 0);
      return alive(lane, c * step * 1000, (c + 1) * step * 1000) ? '·' : ' ';
    });
    return `${label(lane.backend)}${cells.join('')}`;
  });
  const failures = groups.map((g, c) => {
    const failed = sum(g, (b) => b.failures);
    return failed > 0 ? bar(failed, requests[c] ?? 0) : (requests[c] ?? 0) > 0 ? '·' : ' ';
  });
  const marks = Array.from({ length: used }, () => ' ');
  const rank = Array.from({ length: used }, () => Infinity);
  for (const event of report.events) {
    const column = Math.floor(event.atMs / 1000 / step);
    if (column < 0 || column >= used) continue;
    const found = MARKS.findIndex(([kind, , when]) => kind === event.kind && when(event));
    const mark = MARKS[found];
    if (mark && found < (rank[column] ?? Infinity)) {
      rank[column] = found;
      marks[column] = mark[1];
    }
  }
  return [
    `Timeline (each column ${step} s; ${buckets.length} s in all)`,
    ...rows,
    `${label('failures')}${failures.join('')}`,
    `${label('events')}${marks.join('').trimEnd()}`,
    `${' '.repeat(LABEL)}${axis(used, step).slice(0, width - LABEL)}`.trimEnd(),
  ];
}

/** `0s        20s       40s`: a label every 10 columns where it fits. */
function axis(columns: number, step: number): string {
  let line = '';
  for (let c = 0; c < columns; c += 10) {
    const text = `${c * step}s`;
    if (line.length > c) continue;
    line = line.padEnd(c) + text;
  }
  return line;
}
