import { describe, expect, it } from 'vitest';
import type { RoutedTarget } from '../../../source/sandbox/elb/group-route.js';
import type { GroupSettings } from '../../../source/sandbox/elb/group-settings.js';
import { slowStartWeights, TargetPicker } from '../../../source/sandbox/elb/picker.js';

const SLOW_START_MS = 10_000;
const NOW = 1_000_000;

function target(name: string, healthySince?: number): RoutedTarget {
  return {
    target: { id: `i-${name}`, port: 32768 },
    key: name,
    ...(healthySince === undefined ? {} : { healthySince }),
  };
}

type Settings = Pick<GroupSettings, 'algorithm' | 'slowStartMs' | 'slowStartOnSince'>;
const roundRobin: Settings = { algorithm: 'round_robin', slowStartMs: 0, slowStartOnSince: 0 };
const slowStart: Settings = { algorithm: 'round_robin', slowStartMs: SLOW_START_MS, slowStartOnSince: NOW - 60_000 };

/** How many of `count` picks each target gets. */
function shares(picker: TargetPicker, candidates: RoutedTarget[], settings: Settings, count: number, now = NOW) {
  const out: Record<string, number> = {};
  for (let i = 0; i < count; i += 1) {
    const key = picker.pick('tg', candidates, settings, now)?.key ?? 'none';
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describe('target picker', () => {
  it('Given round robin, When it picks, Then it takes turns in order, each node on its own', () => {
    const candidates = [target('a'), target('b'), target('c')];
    const one = new TargetPicker();
    const two = new TargetPicker();
    const picks = (p: TargetPicker) => Array.from({ length: 6 }, () => p.pick('tg', candidates, roundRobin, NOW)?.key);
    expect(picks(one)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    // A second node's rotation starts from its own beginning, whatever the first did
    expect(picks(two)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('Given slow start, When a target got healthy a quarter of the duration ago, Then it gets a quarter of an old target’s share', () => {
    // Given one target healthy long before, one healthy 2.5 s into a 10 s slow start
    const candidates = [target('old', NOW - 50_000), target('new', NOW - SLOW_START_MS / 4)];

    // Then its weight is 1/4, and over 1000 picks it gets 1/5 of them (0.25 / 1.25)
    expect(slowStartWeights(candidates, slowStart, NOW)).toEqual([1, 0.25]);
    expect(shares(new TargetPicker(), candidates, slowStart, 1000)).toEqual({ old: 800, new: 200 });

    // And once the duration is over it gets its full share
    expect(shares(new TargetPicker(), candidates, slowStart, 1000, NOW + SLOW_START_MS)).toEqual({
      old: 500,
      new: 500,
    });
  });

  it('Given slow start, Then targets healthy before it was turned on, and all-new groups, do not ramp', () => {
    // A target healthy before slow start was turned on keeps its full share
    const before = [target('old', NOW - 50_000), target('earlier', slowStart.slowStartOnSince - 1)];
    expect(slowStartWeights(before, slowStart, NOW)).toBeUndefined();
    // Every target ramping: none enters slow start (no healthy target outside it)
    const allNew = [target('x', NOW - 1000), target('y', NOW - 2000)];
    expect(slowStartWeights(allNew, slowStart, NOW)).toBeUndefined();
    expect(shares(new TargetPicker(), allNew, slowStart, 100)).toEqual({ x: 50, y: 50 });
    // Slow start off: equal shares whatever the times
    expect(slowStartWeights([target('old', 0), target('new', NOW)], roundRobin, NOW)).toBeUndefined();
  });

  it('Given least outstanding requests, When one target holds a request, Then the idle one gets the next ones; turns break ties', () => {
    const picker = new TargetPicker();
    const lor: Settings = { ...roundRobin, algorithm: 'least_outstanding_requests' };
    const candidates = [target('busy'), target('idle')];
    const held = picker.started('busy');
    expect(Array.from({ length: 5 }, () => picker.pick('tg', candidates, lor, NOW)?.key)).toEqual(
      Array(5).fill('idle'),
    );
    // Once the request is done both are idle again: they take turns
    held();
    held(); // a second call changes nothing
    expect(new Set(Array.from({ length: 4 }, () => picker.pick('tg', candidates, lor, NOW)?.key))).toEqual(
      new Set(['busy', 'idle']),
    );
    // The same setting under round robin would send to the busy one every other time
    const rr = new TargetPicker();
    rr.started('busy');
    expect(shares(rr, candidates, roundRobin, 10)).toEqual({ busy: 5, idle: 5 });
  });
});
