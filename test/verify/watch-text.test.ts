import { describe, expect, it } from 'vitest';
import { WATCH_JSON_SCHEMA, watchJson } from '../../verify/watch-json.js';
import { timelinePicture } from '../../verify/watch-picture.js';
import { watchText } from '../../verify/watch-text.js';
import type { WatchReport } from '../../verify/watch-types.js';
import { play, rotate } from './helpers/watch-scenario.js';

const lane = (id: string) => ({ backend: id, target: `i-0${id}:32768`, taskId: `task-${id}` });

/** 1 → 2 → 1: b turns healthy at 10 s, drains at 20 s (with 502s that second), drained at 25 s, stopped at 26 s. */
async function scaleOutIn(seconds = 40): Promise<WatchReport> {
  return play({
    before: [{ id: 'a' }],
    answer: (ms, n) =>
      ms < 10_000
        ? { id: 'a' }
        : ms < 20_000
          ? rotate('a', 'b')(n)
          : ms < 21_000 && n % 2 === 1
            ? { status: 502 }
            : { id: 'a' },
    events: [
      [6_000, { kind: 'task-started', ...lane('b') }],
      [10_000, { kind: 'target-healthy', ...lane('b') }],
      [20_000, { kind: 'target-draining', ...lane('b') }],
      [25_000, { kind: 'target-drained', ...lane('b') }],
      [26_000, { kind: 'task-stopped', ...lane('b') }],
    ],
    untilMs: seconds * 1000,
  });
}

describe('the watch text report', () => {
  it('Given a scale out and in with 502s while draining, then the picture shows each lane, the failures and the events by second', async () => {
    const picture = timelinePicture(await scaleOutIn());
    expect(picture[0]).toBe('Timeline (each column 1 s; 41 s in all)');
    const [a, b, failures, events] = picture.slice(1, 5).map((row) => row.slice(16));
    expect(a?.slice(0, 10)).toBe('█'.repeat(10));
    expect(a?.slice(10, 20)).toBe('▄'.repeat(10));
    expect(b?.slice(0, 6)).toBe(' '.repeat(6));
    expect(b?.slice(10, 20)).toBe('▄'.repeat(10));
    expect(b?.slice(20, 25)).toBe('·'.repeat(5));
    expect(b?.slice(25).trim()).toBe('');
    expect(failures?.[19]).toBe('·');
    expect(failures?.[20]).toBe('▄');
    expect(events?.[10]).toBe('+');
    expect(events?.[20]).toBe('~');
    expect(events?.[25]).toBe('-');
    expect(events?.[26]).toBe('x');
    expect(picture[5]).toMatch(/^ {16}0s {8}10s {7}20s {7}30s {7}40s$/);
  });

  it('Given a 10-min watch, then every line of the picture fits in 80 columns, each column 10 s', async () => {
    const picture = timelinePicture(await scaleOutIn(600));
    expect(picture[0]).toBe('Timeline (each column 10 s; 600 s in all)');
    for (const line of picture) expect([...line].length).toBeLessThanOrEqual(80);
    expect(picture[1]?.slice(16, 19)).toBe('█▄█');
    // 20-29 s holds draining, drained and the stop: the stop is the mark shown.
    expect(picture[4]?.slice(16)).toBe(' +x');
  });

  it('Given a failing watch, then the text names the verdict, marks each criterion, gives the fix and lists each failure with its context', async () => {
    const text = watchText(await scaleOutIn());
    expect(text).toContain('Watch FAIL: http://alb.test/hostname');
    expect(text).toContain('  801 sent, 10 failed;');
    expect(text).toMatch(/ {2}✗ no failed request through the change: 10 of 801 requests failed/);
    expect(text).toContain('      fix: requests failed while a target drained');
    expect(text).toContain('  ✓ every new task answered within 10 s of its target turning healthy');
    expect(text).toContain('    20.1 s  502 via alb.test:80; i-0b:32768 (backend b, task task-b) draining');
    expect(text).toContain('Failures (10 of 10)');
    expect(text).toContain('i-0b:32768 (backend b, task task-b): stopped, 100 answers; healthy 10.0 s');
  });

  it('Given more failures than are printed, then the first 20 are listed and the rest counted', async () => {
    const report = await play({ answer: () => ({ status: 503 }), untilMs: 3_000 });
    const text = watchText(report);
    expect(text).toContain('Failures (20 of 61; 41 more not printed)');
    expect(text.match(/ 503 via /g)).toHaveLength(20);
    expect(text).toContain('every target healthy');
  });

  it('Given a passing watch, then no failures section is printed and every criterion is ✓', async () => {
    const text = watchText(await play({ answer: () => ({ id: 'a' }), untilMs: 3_000 }));
    expect(text).toContain('Watch PASS');
    expect(text).not.toContain('Failures');
    expect(text).not.toContain('✗');
  });
});

describe('the watch JSON document', () => {
  it('Given a report, then --json carries the schema and the timeline as per-second buckets with requests and failures', async () => {
    const document = JSON.parse(watchJson(await scaleOutIn())) as WatchReport & { schema: string };
    expect(document.schema).toBe(WATCH_JSON_SCHEMA);
    expect(document.timeline).toHaveLength(41);
    expect(document.timeline[20]).toEqual({
      second: 20,
      requests: 20,
      failures: 10,
      failuresBy: { 502: 10 },
      backends: { a: 10 },
    });
    expect(document.failures[0]).toMatchObject({
      atMs: 20_050,
      label: '502',
      context: ['i-0b:32768 (backend b, task task-b) draining'],
    });
    expect(document.criteria.map((c) => c.id)).toContain('stopped-after-drained');
  });

  it('Given a breaker detail with terminal control characters, then the text shows them escaped, not obeyed', async () => {
    const report = await play({
      answer: () => ({ id: 'a' }),
      events: [[1_000, { kind: 'circuit-breaker', state: 'ROLLED_BACK', detail: 'bad\x1b[2Jnews\nnext' }]],
      untilMs: 2_000,
    });
    const text = watchText(report);
    expect(text).not.toContain('\x1b[2J');
    expect(text).toContain('bad\\x1b[2Jnews\\nnext');
  });
});
