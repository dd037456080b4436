import { MAX_DISTINCT_BACKENDS, MAX_ID_LENGTH, OVERFLOW_ID } from './tally.js';
import type { WatchBackend, WatchEvent, WatchLane } from './watch-types.js';

/** Events kept for the report; later ones are counted, not kept (a watch stays bounded). */
export const MAX_EVENTS = 5_000;

/** An event with its time since the watch started. */
export type TimedEvent = WatchEvent & { atMs: number };

type LaneState = WatchLane['state'];

/** The lane state an event moves its backend to; undefined for events that do not change it. */
const STATE_OF: Partial<Record<WatchEvent['kind'], LaneState>> = {
  'task-started': 'starting',
  'target-registered': 'starting',
  'target-healthy': 'healthy',
  'target-unhealthy': 'unhealthy',
  'target-draining': 'draining',
  'target-drained': 'drained',
  'task-stopped': 'stopped',
};

type Entry = { lane: WatchLane; changes: { atMs: number; state: LaneState }[]; targetSeen: boolean };

/** `12.4 s`: ms since the start, as the report prints them. */
export const at = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Every backend's lane: the expected ones (`before`), the ones events introduce, and any backend
 * that answered without one. Events may come late and out of order: a lane's state is that of its
 * latest event by time, and each transition time is the earliest seen. An event without `backend`
 * joins the lane its target or task id named before.
 */
export class LaneBook {
  private readonly entries = new Map<string, Entry>();
  private readonly byTarget = new Map<string, string>();
  private readonly byTask = new Map<string, string>();
  readonly events: TimedEvent[] = [];
  droppedEvents = 0;

  constructor(before: readonly WatchBackend[]) {
    for (const backend of before) {
      const entry = this.entry(backend.id, { before: true, state: 'healthy' });
      if (backend.revision) entry.lane.revision = backend.revision;
      if (backend.taskId) this.nameTask(entry, backend.taskId);
      if (backend.instanceId && backend.hostPort) this.nameTarget(entry, `${backend.instanceId}:${backend.hostPort}`);
    }
  }

  /** Records an event `atMs` after the start (kept in time order). */
  event(event: WatchEvent, atMs: number): void {
    const timed = { ...event, atMs };
    if (this.events.length >= MAX_EVENTS) this.droppedEvents += 1;
    else {
      let i = this.events.length;
      while (i > 0 && (this.events[i - 1]?.atMs ?? 0) > atMs) i -= 1;
      this.events.splice(i, 0, timed);
    }
    const named = event.backend?.slice(0, MAX_ID_LENGTH);
    const id = named ?? this.byTarget.get(event.target ?? '') ?? this.byTask.get(event.taskId ?? '');
    // Past the distinct-backend cap an event keeps its place in the list but opens no lane.
    if (id === undefined || (!this.entries.has(id) && this.entries.size >= MAX_DISTINCT_BACKENDS)) return;
    const entry = this.entry(id, { before: false, state: 'starting' });
    const lane = entry.lane;
    if (event.revision && !lane.revision) lane.revision = event.revision;
    if (event.target) this.nameTarget(entry, event.target);
    if (event.taskId) this.nameTask(entry, event.taskId);
    if (event.kind.startsWith('target-')) entry.targetSeen = true;
    const state = STATE_OF[event.kind];
    if (!state) return;
    const first = (key: 'healthyAtMs' | 'drainingAtMs' | 'drainedAtMs' | 'stoppedAtMs'): void => {
      lane[key] = Math.min(lane[key] ?? atMs, atMs);
    };
    if (state === 'healthy') first('healthyAtMs');
    if (state === 'draining') first('drainingAtMs');
    if (state === 'drained') first('drainedAtMs');
    if (state === 'stopped') first('stoppedAtMs');
    let i = entry.changes.length;
    while (i > 0 && (entry.changes[i - 1]?.atMs ?? 0) > atMs) i -= 1;
    entry.changes.splice(i, 0, { atMs, state });
    lane.state = entry.changes[entry.changes.length - 1]?.state ?? state;
  }

  /** An answer from `backend` to a request sent `sentAtMs` after the start; returns the id it counts under. */
  answered(backend: string, sentAtMs: number): string {
    let id = backend.slice(0, MAX_ID_LENGTH);
    if (!this.entries.has(id) && this.entries.size >= MAX_DISTINCT_BACKENDS) id = OVERFLOW_ID;
    const lane = this.entry(id, { before: false, state: 'healthy' }).lane;
    lane.answers += 1;
    lane.firstAnswerAtMs = Math.min(lane.firstAnswerAtMs ?? sentAtMs, sentAtMs);
    lane.lastAnswerAtMs = Math.max(lane.lastAnswerAtMs ?? sentAtMs, sentAtMs);
    return id;
  }

  /** Every lane, the expected ones first, then in the order they appeared. */
  lanes(): WatchLane[] {
    return [...this.entries.values()].map((e) => ({ ...e.lane }));
  }

  /** Whether an event about a load balancer target was seen for `backend`. */
  hadTarget(backend: string): boolean {
    return this.entries.get(backend)?.targetSeen ?? false;
  }

  /**
   * What was not simply healthy `atMs` after the start, for a failure's context: each lane not
   * healthy then, or whose state changed within `lagMs` after (an event is seen up to a poll late).
   * A lane drained (or stopped after draining) more than `lagMs` before is gone and left out.
   */
  contextAt(atMs: number, lagMs: number): string[] {
    const lines: string[] = [];
    for (const { lane, changes } of this.entries.values()) {
      const then = stateAt(changes, atMs) ?? (lane.before ? 'healthy' : undefined);
      const next = changes.find((c) => c.atMs > atMs && c.atMs <= atMs + lagMs && c.state !== then);
      const gone = lane.drainedAtMs !== undefined && lane.drainedAtMs < atMs - lagMs;
      if (gone || then === undefined || (then === 'healthy' && !next)) continue;
      const change = next ? `, ${next.state} at ${at(next.atMs)}` : '';
      lines.push(`${describe(lane)} ${then}${change}`);
    }
    return lines;
  }

  private entry(id: string, initial: { before: boolean; state: LaneState }): Entry {
    let entry = this.entries.get(id);
    if (!entry) {
      entry = { lane: { backend: id, answers: 0, ...initial }, changes: [], targetSeen: false };
      this.entries.set(id, entry);
    }
    return entry;
  }

  private nameTarget(entry: Entry, target: string): void {
    entry.lane.target ??= target;
    this.byTarget.set(target, entry.lane.backend);
  }

  private nameTask(entry: Entry, taskId: string): void {
    entry.lane.taskId ??= taskId;
    this.byTask.set(taskId, entry.lane.backend);
  }
}

function stateAt(changes: readonly { atMs: number; state: LaneState }[], atMs: number): LaneState | undefined {
  let state: LaneState | undefined;
  for (const change of changes) {
    if (change.atMs > atMs) break;
    state = change.state;
  }
  return state;
}

/** `i-0abc:32768 (backend 3f2a9b1c0d4e, task 7d1e…)`: a lane as a failure's context names it. */
export function describe(lane: WatchLane): string {
  const task = lane.taskId && (lane.taskId.length > 12 ? `${lane.taskId.slice(0, 8)}…` : lane.taskId);
  if (lane.target) return `${lane.target} (backend ${lane.backend}${task ? `, task ${task}` : ''})`;
  return `backend ${lane.backend}${task ? ` (task ${task})` : ''}`;
}
