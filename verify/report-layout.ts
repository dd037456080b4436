/**
 * Where things go in the watch report's picture: the time scale (px per second), the axis ticks,
 * each lane's row, span and colour. Pure numbers, so the drawing and its tests agree on positions.
 */
import type { WatchLane, WatchReport } from './watch-types.js';

/** Left of the plot: the lane labels (backend id and revision). */
export const GUTTER = 200;
export const LANE_H = 20;
export const LANE_GAP = 6;
/** The band above the lanes where change events are labelled, three staggered rows. */
export const LABEL_ROWS = 3;
export const LABEL_ROW_H = 14;

/** Revision colours: the first revision seen (the set before the change) first. */
const palette = ['#2b6cb0', '#dd6b20', '#2f855a', '#805ad5', '#b7791f', '#319795'];

export type LaneSpan = {
  lane: WatchLane;
  y: number;
  colour: string;
  /** ms since the start: when its task started, turned healthy, began and finished draining. */
  startedMs?: number;
  fromMs: number;
  drainingMs?: number;
  toMs: number;
};

export type Layout = {
  seconds: number;
  pxPerSecond: number;
  x0: number;
  width: number;
  tickStep: number;
  lanesTop: number;
  lanes: LaneSpan[];
  /** Revision (or `before` / `new` when the lanes name none) to its colour, in legend order. */
  colours: [string, string][];
  failuresTop: number;
  requestsTop: number;
  axisTop: number;
  height: number;
};

/** The x of a moment, ms since the watch started. */
export function xOf(layout: Pick<Layout, 'x0' | 'pxPerSecond'>, ms: number): number {
  return layout.x0 + (ms / 1000) * layout.pxPerSecond;
}

function revisionKey(lane: WatchLane): string {
  return lane.revision ?? (lane.before ? 'before the change' : 'new');
}

/** Lays the report out: about 900 px of plot whatever the duration, between 2 and 30 px per second. */
export function layoutOf(report: WatchReport, top: number): Layout {
  const seconds = Math.max(1, report.timeline.length, Math.ceil(report.durationMs / 1000));
  const pxPerSecond = Math.min(30, Math.max(2, 900 / seconds));
  const tickStep = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600].find((s) => s * pxPerSecond >= 45) ?? 600;
  const lanes = [...report.lanes].sort((a, b) => Number(b.before) - Number(a.before));
  const keys = [...new Set(lanes.map(revisionKey))];
  const colours = keys.map((k, i): [string, string] => [k, palette[i % palette.length]!]);
  const colourOf = new Map(colours);
  const lanesTop = top + LABEL_ROWS * LABEL_ROW_H + 8;
  const endMs = seconds * 1000;
  const spans = lanes.map((lane, i): LaneSpan => {
    const started = report.events.find((e) => e.kind === 'task-started' && e.backend === lane.backend);
    const fromMs = lane.before ? 0 : (lane.healthyAtMs ?? lane.firstAnswerAtMs ?? started?.atMs ?? 0);
    const toMs = Math.min(endMs, lane.drainedAtMs ?? lane.stoppedAtMs ?? endMs);
    return {
      lane,
      y: lanesTop + i * (LANE_H + LANE_GAP),
      colour: colourOf.get(revisionKey(lane))!,
      ...(started && !lane.before ? { startedMs: started.atMs } : {}),
      fromMs,
      ...(lane.drainingAtMs !== undefined ? { drainingMs: lane.drainingAtMs } : {}),
      toMs: Math.max(fromMs, toMs),
    };
  });
  const failuresTop = lanesTop + spans.length * (LANE_H + LANE_GAP) + 8;
  const requestsTop = failuresTop + 40;
  const axisTop = requestsTop + 34;
  return {
    seconds,
    pxPerSecond,
    x0: GUTTER,
    width: GUTTER + seconds * pxPerSecond + 30,
    tickStep,
    lanesTop,
    lanes: spans,
    colours,
    failuresTop,
    requestsTop,
    axisTop,
    height: axisTop + 50,
  };
}
