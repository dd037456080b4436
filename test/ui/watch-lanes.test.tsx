import { render } from 'ink-testing-library';
import { describe, expect, it, vi } from 'vitest';
import type { RunnerEvent } from '../../source/model/events.js';
import { WatchLanes, shortRevision } from '../../source/ui/components/watch-lanes.js';
import { initialState, wizardReducer } from '../../source/ui/state/reducer.js';
import type { WatchView } from '../../source/ui/state/types.js';
import type { TimelineBucket, WatchLane, WatchSnapshot } from '../../verify/watch-types.js';

// Dim is an ANSI attribute: force colour so that "dimmed" is something the frame shows.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const ESC = String.fromCharCode(27);
const DIM = `${ESC}[2m`;
const strip = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '');
const A = 'a1b2c3d4e5f6';
const B = '0f1e2d3c4b5a';

const lane = (backend: string, state: WatchLane['state'], answers: number): WatchLane => ({
  backend,
  revision: 'demo-web:1',
  state,
  before: backend === A,
  answers,
});

/** Ticks of a scale 1 → 2 → 1: B starts, turns healthy, drains, is drained; one 502 at second 4. */
function ticks(): RunnerEvent[] {
  const states: [WatchLane['state'], number][] = [
    ['starting', 0],
    ['healthy', 10],
    ['healthy', 20],
    ['draining', 20],
    ['drained', 20],
  ];
  return states.map(([state, answers], second): RunnerEvent => {
    const last: TimelineBucket = {
      second,
      requests: 20,
      failures: second === 3 ? 1 : 0,
      failuresBy: second === 3 ? { '502': 1 } : {},
      backends: { [A]: 10, ...(state === 'healthy' ? { [B]: 10 } : {}) },
    };
    const snapshot: WatchSnapshot = {
      elapsedMs: (second + 1) * 1000,
      rate: { target: 20, achieved: 19.5 },
      sent: (second + 1) * 20,
      failed: second >= 3 ? 1 : 0,
      lanes: [lane(A, 'healthy', 10 * (second + 1)), lane(B, state, answers)],
      last,
    };
    return { type: 'watch-tick', change: 'scale', snapshot };
  });
}

/** The live view after the first `n` ticks, through the wizard's reducer. */
function viewAfter(n: number): WatchView {
  const state = ticks()
    .slice(0, n)
    .reduce((s, event) => wizardReducer(s, { type: 'event', event }), initialState);
  return state.watch!;
}

const frameOf = (view: WatchView) => render(<WatchLanes watch={view} />).lastFrame() ?? '';
const rowOf = (frame: string, backend: string) => frame.split('\n').find((l) => strip(l).startsWith(backend));

describe('the live lanes of a watched change', () => {
  it('Given a task starting, when its target is not healthy yet, then it has no lane, only a line saying it starts', () => {
    const frame = strip(frameOf(viewAfter(1)));
    expect(rowOf(frame, A)).toBeDefined();
    expect(rowOf(frame, B)).toBeUndefined();
    expect(frame).toContain('1 task starting (a lane appears when its target is healthy)');
  });

  it('Given its target turned healthy, when the next tick comes, then its lane appears, not dimmed, with its answers', () => {
    const frame = frameOf(viewAfter(3));
    const row = rowOf(frame, B)!;
    expect(strip(row)).toMatch(/^0f1e2d3c4b5a demo-web:1\s+healthy .*█\s+20$/);
    expect(row).not.toContain(DIM);
  });

  it('Given its target drains, when shown, then its lane is dimmed; once drained, it is gone', () => {
    const draining = rowOf(frameOf(viewAfter(4)), B)!;
    expect(strip(draining)).toContain('draining');
    expect(draining.startsWith(DIM) || draining.includes(`${DIM}${B}`)).toBe(true);
    expect(rowOf(frameOf(viewAfter(4)), A)).not.toContain(DIM);
    expect(rowOf(frameOf(viewAfter(5)), B)).toBeUndefined();
  });

  it('Given a 502, when the failures row is drawn, then it counts it with its label, and the rate shows achieved of asked', () => {
    const before = strip(frameOf(viewAfter(3)));
    expect(before).toMatch(/failures\s+0$/m);
    const after = strip(frameOf(viewAfter(5)));
    expect(after).toMatch(/failures\s+▁?█\s+1 {2}502 ×1$/m);
    expect(after).toContain('Watching the scale · 5 s · 19.5 of 20 req/s · 100 sent, 1 failed');
  });

  it('Given many containers, when drawn, then every row fits 80 columns', () => {
    const view = viewAfter(4);
    const lanes = Array.from({ length: 12 }, (_, i) =>
      lane(`${String(i).padStart(2, '0')}aabbccddee`, 'healthy', 123_456),
    );
    const frame = strip(frameOf({ ...view, snapshot: { ...view.snapshot, lanes, sent: 9_999_999, failed: 99_999 } }));
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.split('\n').filter((l) => /aabbccddee/.test(l))).toHaveLength(12);
  });
});

describe('the revision column', () => {
  it('Given a deploy of a long task definition family, Then each lane still shows which revision it runs', () => {
    expect(shortRevision('demo-hostname:1')).toBe('demo-host…:1');
    expect(shortRevision('demo-hostname:12')).toBe('demo-hos…:12');
    expect(shortRevision('demo-web:1')).toBe('demo-web:1');
    expect(shortRevision('a-very-long-family-without-number')).toBe('a-very-long…');
    for (const r of ['demo-hostname:1', 'x'.repeat(40) + ':123'])
      expect(shortRevision(r).length).toBeLessThanOrEqual(12);
  });
});
