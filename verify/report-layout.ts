/**
 * Where things go in the watch report's picture: the time scale (px per second), the axis ticks,
 * each lane's row, span and colour. Pure numbers, so the drawing and its tests agree on positions.
 */
import type { TimelineBucket, WatchLane, WatchReport } from './watch-types.js';

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
  /** Seconds per drawn column: 1, or more on a long watch so a column stays 2 px wide or more. */
  binS: number;
  /** The timeline merged into columns of `binS` seconds (`second` is each column's first). */
  bins: TimelineBucket[];
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

/** Merges per-second buckets into columns of `binS` seconds, so a 6 h watch draws 450 columns, not 21,600. */
export function binTimeline(timeline: TimelineBucket[], binS: number): TimelineBucket[] {
  if (binS === 1) return timeline;
  const bins = new Map<number, TimelineBucket>();
  for (const b of timeline) {
    const second = Math.floor(b.second / binS) * binS;
    const bin = bins.get(second) ?? { second, requests: 0, failures: 0, failuresBy: {}, backends: {} };
    bin.requests += b.requests;
    bin.failures += b.failures;
    for (const [k, n] of Object.entries(b.failuresBy)) bin.failuresBy[k] = (bin.failuresBy[k] ?? 0) + n;
    for (const [k, n] of Object.entries(b.backends)) bin.backends[k] = (bin.backends[k] ?? 0) + n;
    bins.set(second, bin);
  }
  return [...bins.values()];
}

/** Lays the report out: about 900 px of plot whatever the duration, at most 30 px per second. */
export function layoutOf(report: WatchReport, top: number): Layout {
  const seconds = Math.max(1, report.timeline.length, Math.ceil(report.durationMs / 1000));
  const pxPerSecond = Math.min(30, 900 / seconds);
  const binS = Math.max(1, Math.ceil(2 / pxPerSecond));
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  const tickStep = steps.find((s) => s * pxPerSecond >= 45) ?? 7200;
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
    binS,
    bins: binTimeline(report.timeline, binS),
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
