/**
 * The watch report as one self-contained HTML page (`--report FILE.html`): the verdict and rate,
 * the timeline picture inline (see report-svg.ts), each criterion with its evidence and fix, every
 * failed request with what was changing at that moment, and every event. A Content-Security-Policy
 * of `default-src 'none'` keeps the page from loading anything, so it opens the same offline.
 */
import { esc, eventLabel, seconds, tag } from './report-markup.js';
import { timelineSvg, watchReportSvg } from './report-svg.js';
import type { WatchReport } from './watch-types.js';

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1a202c; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.pass { color: #2f855a; } .fail { color: #c53030; } .muted { color: #4a5568; }
.timeline { overflow-x: auto; border: 1px solid #e2e8f0; padding: 4px; }
table { border-collapse: collapse; } td, th { padding: 3px 10px 3px 0; text-align: left; vertical-align: top; }
td:first-child { white-space: nowrap; } th { border-bottom: 1px solid #cbd5e0; } code { font: 12px ui-monospace, Menlo, Consolas, monospace; }
`;

const cell = (body: string, attrs: Record<string, string> = {}) => tag('td', attrs, body);
const row = (cells: string[], attrs: Record<string, string> = {}) => tag('tr', attrs, cells.join(''));
const head = (names: string[]) => tag('tr', {}, names.map((n) => tag('th', {}, esc(n))).join(''));

function criteria(report: WatchReport): string {
  const rows = report.criteria.map((c) =>
    row(
      [
        cell(c.pass ? '✔ PASS' : '✖ FAIL', { class: c.pass ? 'pass' : 'fail' }),
        cell(esc(c.title)),
        cell(esc(c.evidence)),
        cell(c.fix && !c.pass ? esc(c.fix) : ''),
      ],
      { class: 'criterion', 'data-id': c.id },
    ),
  );
  return tag('table', { class: 'criteria' }, head(['', 'criterion', 'evidence', 'fix']) + rows.join(''));
}

function failures(report: WatchReport): string {
  if (report.failures.length === 0) return tag('p', { class: 'pass' }, 'No request failed.');
  const rows = report.failures.map((f) =>
    row(
      [
        cell(esc(seconds(f.atMs))),
        cell(esc(f.label)),
        cell(f.node ? tag('code', {}, esc(f.node)) : ''),
        cell(esc(f.context.join('; ') || 'every target healthy')),
      ],
      { class: 'failure' },
    ),
  );
  return tag('table', { class: 'failures' }, head(['sent at', 'failure', 'node', 'what was changing']) + rows.join(''));
}

function events(report: WatchReport): string {
  const rows = [...report.events]
    .sort((a, b) => a.atMs - b.atMs)
    .map((e) =>
      row([
        cell(esc(seconds(e.atMs))),
        cell(esc(eventLabel(e))),
        cell(e.backend ? tag('code', {}, esc(e.backend)) : ''),
        cell(esc([e.target, e.taskId && `task ${e.taskId}`, e.revision, e.detail].filter(Boolean).join(' · '))),
      ]),
    );
  return tag('table', { class: 'events' }, head(['at', 'event', 'backend', 'detail']) + rows.join(''));
}

/** The whole page. `title` names the change, e.g. `scale demo to 3`; the URL watched by default. */
export function watchReportHtml(report: WatchReport, title = `Watch of ${report.url}`): string {
  const verdictClass = report.verdict === 'PASS' ? 'pass' : 'fail';
  const { rate } = report;
  const summary = [
    `${report.sent} requests, ${report.failed} failed, over ${seconds(report.durationMs)}`,
    `${rate.achieved.toFixed(1)} req/s achieved of ${rate.target} asked (${(rate.pacingError * 100).toFixed(1)} % off)`,
    `started ${report.startedAt}, stopped: ${report.stoppedBecause}`,
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(`${title}: ${report.verdict}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${esc(title)}: <span class="verdict ${verdictClass}">${esc(report.verdict)}</span></h1>
<p class="muted"><code>${esc(report.url)}</code><br>${summary.map(esc).join('<br>')}</p>
<div class="timeline">${timelineSvg(report, title)}</div>
<h2>Criteria</h2>
${criteria(report)}
<h2>Failed requests (${report.failures.length})</h2>
${failures(report)}
<h2>Events (${report.events.length})</h2>
${events(report)}
</body>
</html>
`;
}

/** The report for a `--report` path: SVG for `*.svg`, HTML otherwise. */
export function watchReportFile(path: string, report: WatchReport, title?: string): string {
  return /\.svg$/i.test(path) ? watchReportSvg(report, title) : watchReportHtml(report, title);
}
