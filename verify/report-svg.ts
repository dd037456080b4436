/**
 * The watch's timeline as one SVG picture: a lane per backend over time (from its target turning
 * healthy to its drain finishing, shaded by how many answers it gave each second, coloured by
 * revision), the change's events marked across the lanes with labels and tooltips (`<title>`), a
 * failures row with counts, the requests per second against the rate asked, and an axis in seconds.
 * Pure: presentation attributes only, no fonts, scripts or links, so the file opens anywhere offline.
 */
import { changeKinds, esc, eventLabel, eventTooltip, FAIL, MUTED, tag, text } from './report-markup.js';
import { LABEL_ROW_H, layoutOf, xOf, type Layout } from './report-layout.js';
import { lanesSvg } from './report-svg-lanes.js';
import type { WatchReport } from './watch-types.js';

const FONT = 'font-family="ui-monospace, Menlo, Consolas, monospace" font-size="11"';

function changeMarks(report: WatchReport, layout: Layout, top: number): string {
  const marks = report.events.filter(
    (e) => changeKinds.has(e.kind) || !layout.lanes.some((l) => l.lane.backend === e.backend),
  );
  return marks
    .map((event, i) => {
      const x = xOf(layout, event.atMs);
      const y = top + (i % 3) * LABEL_ROW_H + 10;
      const colour = event.kind === 'circuit-breaker' ? FAIL : '#2d3748';
      const label = eventLabel(event);
      const nearEnd = x + 3 + label.length * 7 > layout.width;
      return tag(
        'g',
        { class: 'event-mark change-event', 'data-kind': event.kind, 'data-at-ms': event.atMs },
        [
          tag('title', {}, esc(eventTooltip(event))),
          tag('line', {
            x1: x,
            x2: x,
            y1: y + 3,
            y2: layout.axisTop,
            stroke: colour,
            'stroke-dasharray': '3 3',
            'stroke-width': 1,
          }),
          // A label that would run past the right edge ends at its mark instead.
          tag(
            'text',
            {
              class: 'event-label',
              x: nearEnd ? x - 3 : x + 3,
              y,
              fill: colour,
              ...(nearEnd ? { 'text-anchor': 'end' } : {}),
            },
            esc(label),
          ),
        ].join(''),
      );
    })
    .join('');
}

/** `41 s`, or `48–96 s` for a column of several seconds. */
function when(second: number, binS: number): string {
  return binS === 1 ? `${second} s` : `${second}–${second + binS} s`;
}

function failuresRow(report: WatchReport, layout: Layout): string {
  const top = layout.failuresTop;
  const max = Math.max(1, ...layout.bins.map((b) => b.failures));
  const width = layout.binS * layout.pxPerSecond;
  const parts = [
    text(8, top + 20, `failures (${report.failed})`, { fill: report.failed > 0 ? FAIL : MUTED }),
    tag('line', {
      x1: layout.x0,
      x2: layout.x0 + layout.seconds * layout.pxPerSecond,
      y1: top + 28,
      y2: top + 28,
      stroke: '#cbd5e0',
    }),
  ];
  for (const bucket of layout.bins.filter((b) => b.failures > 0)) {
    const h = 4 + (20 * bucket.failures) / max;
    const x = xOf(layout, bucket.second * 1000);
    const by = Object.entries(bucket.failuresBy)
      .map(([label, n]) => `${label} ×${n}`)
      .join(', ');
    parts.push(
      tag(
        'g',
        { class: 'failure-mark', 'data-second': bucket.second, 'data-count': bucket.failures },
        [
          tag(
            'title',
            {},
            esc(`${when(bucket.second, layout.binS)}: ${bucket.failures} of ${bucket.requests} failed (${by})`),
          ),
          tag('rect', { x, y: top + 28 - h, width: Math.max(2, width), height: h, fill: FAIL }),
          tag('text', { x: x + width / 2, y: top + 24 - h, fill: FAIL, 'text-anchor': 'middle' }, esc(bucket.failures)),
        ].join(''),
      ),
    );
  }
  return tag('g', { class: 'failures-row' }, parts.join(''));
}

function requestsRow(report: WatchReport, layout: Layout): string {
  const top = layout.requestsTop;
  const perSecond = (b: { requests: number }) => b.requests / layout.binS;
  const max = Math.max(report.rate.target, ...layout.bins.map(perSecond)) * 1.2;
  const yOf = (n: number) => top + 26 - (26 * n) / max;
  const points = layout.bins.map(
    (b) => `${xOf(layout, (b.second + layout.binS / 2) * 1000).toFixed(1)},${yOf(perSecond(b)).toFixed(1)}`,
  );
  const end = layout.x0 + layout.seconds * layout.pxPerSecond;
  return tag(
    'g',
    { class: 'requests-row' },
    [
      text(8, top + 18, `requests/s (${report.rate.achieved.toFixed(1)} of ${report.rate.target})`),
      tag('line', {
        x1: layout.x0,
        x2: end,
        y1: yOf(report.rate.target),
        y2: yOf(report.rate.target),
        stroke: '#a0aec0',
        'stroke-dasharray': '4 3',
      }),
      points.length > 0
        ? tag('polyline', { points: points.join(' '), fill: 'none', stroke: '#2d3748', 'stroke-width': 1.5 })
        : '',
    ].join(''),
  );
}

function axis(layout: Layout): string {
  const y = layout.axisTop;
  const parts = [
    tag('line', { x1: layout.x0, x2: layout.x0 + layout.seconds * layout.pxPerSecond, y1: y, y2: y, stroke: MUTED }),
  ];
  for (let s = 0; s <= layout.seconds; s += layout.tickStep) {
    const x = xOf(layout, s * 1000);
    parts.push(
      tag(
        'g',
        { class: 'tick', 'data-second': s },
        [
          tag('line', { x1: x, x2: x, y1: y, y2: y + 4, stroke: MUTED }),
          text(x, y + 15, `${s} s`, { 'text-anchor': 'middle' }),
        ].join(''),
      ),
    );
  }
  return tag('g', { class: 'axis' }, parts.join(''));
}

function legend(layout: Layout): string {
  const y = layout.axisTop + 34;
  let x = layout.x0;
  const parts: string[] = [];
  const item = (swatch: string, label: string) => {
    parts.push(swatch.replace('X', String(x)), text(x + 16, y + 9, label));
    x += 16 + label.length * 7 + 16;
  };
  for (const [revision, colour] of layout.colours)
    item(`<rect x="X" y="${y}" width="12" height="10" fill="${colour}"/>`, revision);
  item(
    `<rect x="X" y="${y}" width="12" height="10" fill="#a0aec0" fill-opacity="0.2" stroke="#718096" stroke-dasharray="4 2"/>`,
    'draining',
  );
  item(`<rect x="X" y="${y}" width="12" height="10" fill="${FAIL}"/>`, 'failed requests');
  return tag('g', { class: 'legend' }, parts.join(''));
}

/** The picture alone (no XML prolog), for embedding in the HTML report. */
export function timelineSvg(report: WatchReport, title: string): string {
  const layout = layoutOf(report, 30);
  const verdictColour = report.verdict === 'PASS' ? '#2f855a' : FAIL;
  const body = [
    tag('title', {}, esc(`${title}: ${report.verdict}`)),
    tag('rect', { width: layout.width, height: layout.height, fill: '#ffffff' }),
    tag(
      'text',
      { x: 8, y: 18, fill: '#1a202c', 'font-weight': 'bold' },
      `${esc(title)} ${tag('tspan', { class: 'verdict', fill: verdictColour }, esc(report.verdict))}`,
    ),
    changeMarks(report, layout, 30),
    lanesSvg(report, layout),
    failuresRow(report, layout),
    requestsRow(report, layout),
    axis(layout),
    legend(layout),
  ].join('\n');
  const size = { width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}` };
  const attrs = Object.entries({ ...size, 'data-x0': layout.x0, 'data-px-per-second': layout.pxPerSecond })
    .map(([k, v]) => ` ${k}="${esc(v)}"`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="watch-timeline" role="img"${attrs} ${FONT}>\n${body}\n</svg>`;
}

/** The timeline as a standalone SVG file: `--report timeline.svg`. */
export function watchReportSvg(report: WatchReport, title = `Watch of ${report.url}`): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${timelineSvg(report, title)}\n`;
}
