import { backendRows, BAR_WIDTH, columnWidths, findingLine, formatLatency, nodeLine, runLine } from './view-model.js';
import type { VerificationReport } from './types.js';

const FULL = '█';
const EMPTY = '░';

/**
 * The report as plain text for pipes and logs (no colour, no cursor movement): verdict line,
 * one row per backend with a bar and its share's interval, the load balancer nodes and what each
 * reached, errors, silent backends explained, causes and notes, then each criterion with ✓/✗ and
 * its evidence.
 */
export function reportText(report: VerificationReport): string {
  const rows = backendRows(report);
  const width = columnWidths(rows);
  const lines = [`${report.verdict}  ${report.url}`, `  ${runLine(report)}`, ''];
  for (const row of rows) {
    const bar = FULL.repeat(row.filled) + EMPTY.repeat(BAR_WIDTH - row.filled);
    const mark = row.unexpected ? '  (unexpected)' : row.silent ? '  (never answered)' : '';
    lines.push(
      `  ${row.id.padEnd(width.id)}  ${bar}  ${row.count.padStart(width.count)}  ${row.share.padStart(width.share)}  ${row.latency}${mark}`.trimEnd(),
    );
    if (row.detail) lines.push(`  ${' '.repeat(width.id)}  ${row.detail}`);
  }
  if (rows.length === 0) lines.push('  no backend answered');
  lines.push('');
  if (report.nodes.length > 0) {
    lines.push(`  load balancer nodes (${report.nodes.length}):`);
    for (const node of report.nodes) lines.push(`    ${nodeLine(node, report.expectedCount)}`);
    lines.push('');
  }
  if (report.errors.length > 0)
    lines.push(`  errors: ${report.errors.map((e) => `${e.label} ×${e.count}`).join(', ')}`);
  for (const missing of report.missing) lines.push(`  ! ${missing.explanation}`);
  for (const finding of report.findings) lines.push(`  ${findingLine(finding)}`);
  if (report.latency) lines.push(`  latency overall: ${formatLatency(report.latency, true)}`);
  lines.push('');
  for (const criterion of report.criteria) {
    lines.push(`  ${criterion.pass ? '✓' : '✗'} ${criterion.title}: ${criterion.evidence}`);
  }
  return `${lines.join('\n')}\n`;
}
