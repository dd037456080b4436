import type { TimelineBucket, WatchLane, WatchReport } from '../../../verify/watch-types.js';
import { printable } from '../../lib/printable.js';

/** At most this many characters of timeline per row; a longer watch puts several seconds in one. */
const WIDTH = 60;
const FAILURES_LISTED = 10;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The buckets, grouped so they fit `WIDTH` characters. */
function columns(timeline: TimelineBucket[]): { per: number; groups: TimelineBucket[][] } {
  const per = Math.max(1, Math.ceil(timeline.length / WIDTH));
  const groups: TimelineBucket[][] = [];
  for (let i = 0; i < timeline.length; i += per) groups.push(timeline.slice(i, i + per));
  return { per, groups };
}

/** One lane: `█` answered in that column, `░` draining and silent, `·` not answering. */
function laneRow(lane: WatchLane, groups: TimelineBucket[][]): string {
  return groups
    .map((group) => {
      if (group.some((b) => (b.backends[lane.backend] ?? 0) > 0)) return '█';
      const startMs = (group[0]?.second ?? 0) * 1000;
      const draining =
        lane.drainingAtMs !== undefined && startMs >= lane.drainingAtMs && startMs < (lane.drainedAtMs ?? Infinity);
      return draining ? '░' : '·';
    })
    .join('');
}

/** Failed requests per column: `·` none, a digit, `+` for ten or more. */
function failureRow(groups: TimelineBucket[][]): string {
  return groups
    .map((group) => {
      const n = group.reduce((sum, b) => sum + b.failures, 0);
      return n === 0 ? '·' : n < 10 ? String(n) : '+';
    })
    .join('');
}

/** A ruler with the second at every tenth column. */
function ruler(count: number, per: number): string {
  let out = '';
  while (out.length < count) {
    const label = String(out.length * per);
    out += label.padEnd(10, ' ');
  }
  return out.trimEnd();
}

function laneNote(lane: WatchLane): string {
  const parts = [lane.state, `${lane.answers} answers`];
  if (lane.revision) parts.push(lane.revision);
  if (lane.before) parts.push('before');
  if (lane.healthyAtMs !== undefined && !lane.before) parts.push(`healthy at ${seconds(lane.healthyAtMs)}`);
  if (lane.drainingAtMs !== undefined) parts.push(`draining at ${seconds(lane.drainingAtMs)}`);
  if (lane.lastAnswerAtMs !== undefined && lane.drainingAtMs !== undefined)
    parts.push(`last answer ${seconds(lane.lastAnswerAtMs)}`);
  return parts.join(', ');
}

/**
 * The watch's report as plain text: the verdict and rate, the timeline as one lane per backend
 * (`█` answered, `░` draining, `·` silent) and a failures row over a ruler of seconds, the
 * platform's events, every criterion with its evidence and fix, and the first failures with
 * the state of their targets at that moment.
 */
export function watchReportText(report: WatchReport, title: string): string {
  const { per, groups } = columns(report.timeline);
  const name = (s: string) => s.padEnd(14).slice(0, 14);
  const { rate } = report;
  const lines = [
    `${printable(title)}: ${report.verdict}`,
    `  ${report.url}`,
    `  ${report.sent} requests, ${report.failed} failed, over ${seconds(report.durationMs)}; ${rate.achieved.toFixed(1)} req/s of ${rate.target} asked (${(rate.pacingError * 100).toFixed(1)} % off); ended: ${report.stoppedBecause}`,
    '',
    `  ${name(per === 1 ? 'second' : `second (×${per})`)}${ruler(groups.length, per)}`,
    ...report.lanes.map((lane) => `  ${name(lane.backend)}${laneRow(lane, groups)}  ${laneNote(lane)}`),
    `  ${name('failures')}${failureRow(groups)}  ${report.failed}`,
    '',
    'Events',
    ...report.events
      .filter((e) => e.kind !== 'message')
      .map(
        (e) =>
          `  ${seconds(e.atMs).padStart(7)}  ${e.kind}${e.state ? ` ${e.state}` : ''}${e.backend ? ` ${e.backend}` : ''}${e.target ? ` (${e.target})` : ''}${e.revision ? ` ${e.revision}` : ''}${e.detail ? `: ${printable(e.detail)}` : ''}`,
      ),
    '',
    'Criteria',
    ...report.criteria.flatMap((c) => [
      `  ${c.pass ? '✓' : '✗'} ${c.title}: ${printable(c.evidence)}`,
      ...(c.fix && !c.pass ? [`      fix: ${printable(c.fix)}`] : []),
    ]),
  ];
  if (report.failures.length > 0) {
    lines.push(
      '',
      `Failed requests (${report.failed}${report.failed > FAILURES_LISTED ? `, first ${FAILURES_LISTED}` : ''})`,
    );
    for (const f of report.failures.slice(0, FAILURES_LISTED))
      lines.push(
        `  ${seconds(f.atMs).padStart(7)}  ${f.label}${f.node ? ` via ${f.node}` : ''}${f.context.length > 0 ? `: ${printable(f.context.join('; '))}` : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}
