/**
 * The watch report's lanes: one row per backend, from its task starting (dotted) and its target
 * turning healthy (solid) to its drain starting (dashed, lighter) and finishing; shaded each second
 * by how many answers it gave, and marked where its task and target changed state.
 */
import { changeKinds, esc, eventTooltip, FAIL, seconds, tag, text } from './report-markup.js';
import { LANE_H, xOf, type LaneSpan, type Layout } from './report-layout.js';
import type { WatchReport } from './watch-types.js';

function laneBody(report: WatchReport, layout: Layout, span: LaneSpan): string {
  const { lane, y, colour } = span;
  const bar = (fromMs: number, toMs: number, attrs: Record<string, string | number>) =>
    tag('rect', {
      x: xOf(layout, fromMs),
      y,
      width: Math.max(1, xOf(layout, toMs) - xOf(layout, fromMs)),
      height: LANE_H,
      ...attrs,
    });
  const servingTo = span.drainingMs ?? span.toMs;
  const parts = [
    tag('rect', { x: layout.x0, y, width: layout.seconds * layout.pxPerSecond, height: LANE_H, fill: '#f7fafc' }),
    span.startedMs !== undefined && span.startedMs < span.fromMs
      ? bar(span.startedMs, span.fromMs, {
          class: 'lane-starting',
          fill: 'none',
          stroke: colour,
          'stroke-dasharray': '2 2',
        })
      : '',
    bar(span.fromMs, Math.max(span.fromMs, servingTo), { class: 'lane-serving', fill: colour, 'fill-opacity': 0.3 }),
    span.drainingMs !== undefined
      ? bar(span.drainingMs, span.toMs, {
          class: 'lane-draining',
          fill: colour,
          'fill-opacity': 0.1,
          stroke: colour,
          'stroke-dasharray': '4 2',
        })
      : '',
  ];
  const max = Math.max(1, ...layout.bins.flatMap((b) => Object.values(b.backends)));
  for (const bucket of layout.bins) {
    const n = bucket.backends[lane.backend] ?? 0;
    if (n === 0) continue;
    parts.push(
      tag('rect', {
        class: 'answers',
        x: xOf(layout, bucket.second * 1000),
        y: y + 4,
        width: layout.binS * layout.pxPerSecond,
        height: LANE_H - 8,
        fill: colour,
        'fill-opacity': 0.3 + (0.7 * n) / max,
      }),
    );
  }
  for (const event of report.events.filter((e) => e.backend === lane.backend && !changeKinds.has(e.kind))) {
    const x = xOf(layout, event.atMs);
    const colour = event.kind === 'task-stopped' || event.kind === 'target-unhealthy' ? FAIL : '#1a202c';
    parts.push(
      tag(
        'g',
        { class: 'event-mark lane-event', 'data-kind': event.kind, 'data-at-ms': event.atMs },
        [
          tag('title', {}, esc(eventTooltip(event))),
          tag('rect', { x: x - 1, y: y - 2, width: 2, height: LANE_H + 4, fill: colour }),
        ].join(''),
      ),
    );
  }
  return parts.join('');
}

/** One `<g class="lane">` per backend: its label, span, answers per second and its own events. */
export function lanesSvg(report: WatchReport, layout: Layout): string {
  return layout.lanes
    .map((span) => {
      const { lane } = span;
      const tooltip = [
        `backend ${lane.backend}${lane.revision ? ` (${lane.revision})` : ''}: ${lane.state}, ${lane.answers} answers`,
        lane.target && `target ${lane.target}`,
        lane.taskId && `task ${lane.taskId}`,
        lane.healthyAtMs !== undefined && `healthy at ${seconds(lane.healthyAtMs)}`,
        lane.drainingAtMs !== undefined && `draining from ${seconds(lane.drainingAtMs)}`,
        lane.drainedAtMs !== undefined && `drained at ${seconds(lane.drainedAtMs)}`,
        lane.stoppedAtMs !== undefined && `stopped at ${seconds(lane.stoppedAtMs)}`,
      ].filter(Boolean);
      const attrs = {
        class: 'lane',
        'data-backend': lane.backend,
        'data-revision': lane.revision,
        'data-state': lane.state,
      };
      return tag(
        'g',
        attrs,
        [
          tag('title', {}, esc(tooltip.join('\n'))),
          text(8, span.y + 14, `${lane.backend}${lane.revision ? ` ${lane.revision}` : ''}`, { fill: span.colour }),
          laneBody(report, layout, span),
        ].join(''),
      );
    })
    .join('');
}
