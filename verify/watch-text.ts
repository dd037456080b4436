import { printable } from '../source/lib/printable.js';
import { at, describe } from './watch-lanes.js';
import { PICTURE_LEGEND, timelinePicture } from './watch-picture.js';
import type { WatchFailure, WatchLane, WatchReport } from './watch-types.js';

/** Failures printed in the text report; the rest are counted (all are in `--json`, up to the kept cap). */
export const FAILURES_PRINTED = 20;

const STOPPED: Record<WatchReport['stoppedBecause'], string> = {
  finished: 'the change ended and the spread after it was judged',
  duration: 'the watch reached its duration',
  aborted: 'stopped before the change was judged in full',
};

function failureLine(failure: WatchFailure): string {
  const where = failure.node ? ` via ${failure.node}` : '';
  const context = failure.context.length > 0 ? `; ${failure.context.join('; ')}` : '; every target healthy';
  return `  ${at(failure.atMs).padStart(8)}  ${failure.label}${where}${context}`;
}

function laneLine(lane: WatchLane): string {
  const marks = [
    lane.before ? 'answering at the start' : undefined,
    lane.healthyAtMs !== undefined ? `healthy ${at(lane.healthyAtMs)}` : undefined,
    lane.firstAnswerAtMs !== undefined && !lane.before ? `first answer ${at(lane.firstAnswerAtMs)}` : undefined,
    lane.drainingAtMs !== undefined ? `draining ${at(lane.drainingAtMs)}` : undefined,
    lane.drainedAtMs !== undefined ? `drained ${at(lane.drainedAtMs)}` : undefined,
    lane.stoppedAtMs !== undefined ? `stopped ${at(lane.stoppedAtMs)}` : undefined,
    lane.lastAnswerAtMs !== undefined ? `last answer ${at(lane.lastAnswerAtMs)}` : undefined,
  ].filter((m): m is string => m !== undefined);
  const revision = lane.revision ? ` ${lane.revision}` : '';
  return `  ${describe(lane)}${revision}: ${lane.state}, ${lane.answers} answers; ${marks.join(', ')}`;
}

/**
 * The watch's report as text: the verdict, the pace, each criterion (✓/✗ with its evidence and, when
 * it fails, the fix), the failures with what was changing then (the first 20, and how many more),
 * each backend's life, and the timeline picture within 80 columns. Every line is made printable
 * (control characters escaped), since ids and details come from outside.
 */
export function watchText(report: WatchReport): string {
  const { rate } = report;
  const skipped =
    rate.skipped && rate.skipped.late + rate.skipped.overCap > 0
      ? `; not sent: ${rate.skipped.late} late, ${rate.skipped.overCap} over the in-flight cap`
      : '';
  const lines = [
    `Watch ${report.verdict}: ${report.url}`,
    `  ${Math.round(report.durationMs / 100) / 10} s at ${rate.target} req/s asked, ${rate.achieved} achieved (pacing error ${(rate.pacingError * 100).toFixed(1)}%)${skipped}`,
    `  ${report.sent} sent, ${report.failed} failed; ${STOPPED[report.stoppedBecause]}`,
    '',
    'Criteria',
  ];
  for (const criterion of report.criteria) {
    lines.push(`  ${criterion.pass ? '✓' : '✗'} ${criterion.title}: ${criterion.evidence}`);
    if (!criterion.pass && criterion.fix) lines.push(`      fix: ${criterion.fix}`);
  }
  if (report.failed > 0) {
    const shown = report.failures.slice(0, FAILURES_PRINTED);
    const more = report.failed - shown.length;
    lines.push('', `Failures (${shown.length} of ${report.failed}${more > 0 ? `; ${more} more not printed` : ''})`);
    lines.push(...shown.map(failureLine));
  }
  if (report.lanes.length > 0) lines.push('', 'Backends', ...report.lanes.map(laneLine));
  lines.push('', ...timelinePicture(report), ...PICTURE_LEGEND.map((l) => `  ${l}`));
  // Ids come from response bodies and details from ECS: shown, never obeyed by the terminal.
  return `${lines.map(printable).join('\n')}\n`;
}
