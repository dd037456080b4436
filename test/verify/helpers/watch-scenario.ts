import { startWatch } from '../../../verify/watch.js';
import type { WatchBackend, WatchEvent, WatchInput, WatchReport } from '../../../verify/watch-types.js';
import { FakeClock, fakeDispatcher, type FakeAnswer } from './watch-fakes.js';

/** A change played on a fake clock: what the load balancer answers when, and what the platform says when. */
export type Scenario = {
  /** The answer to the n-th request sent `ms` after the start. */
  answer: (ms: number, n: number) => FakeAnswer;
  /** Platform events, each `ms` after the start (sent to the watch at that time). */
  events?: readonly (readonly [ms: number, event: Omit<WatchEvent, 'at'>])[];
  before?: WatchBackend[];
  /** When the change ends and which set should answer then; without it the watch is stopped at `untilMs`. */
  finish?: { atMs: number; expected: WatchBackend[]; settleMs?: number };
  untilMs: number;
  input?: Partial<WatchInput>;
};

/** Plays the scenario and returns the watch's report. */
export async function play(scenario: Scenario): Promise<WatchReport> {
  const clock = new FakeClock();
  const start = clock.now();
  const dispatcher = fakeDispatcher((n) => scenario.answer(clock.now() - start, n));
  const watch = await startWatch({
    url: 'http://alb.test/hostname',
    dispatcher,
    clock,
    expected: scenario.before,
    ...scenario.input,
  });
  const steps = [...(scenario.events ?? [])].sort((a, b) => a[0] - b[0]);
  let finished: Promise<WatchReport> | undefined;
  const moveTo = async (ms: number): Promise<void> => {
    const ahead = start + ms - clock.now();
    if (ahead > 0) await clock.advance(ahead);
  };
  for (const [ms, event] of steps) {
    if (scenario.finish && !finished && scenario.finish.atMs <= ms) {
      await moveTo(scenario.finish.atMs);
      finished = watch.finish(scenario.finish);
    }
    await moveTo(ms);
    watch.event({ ...event, at: clock.now() });
  }
  if (scenario.finish && !finished) {
    await moveTo(scenario.finish.atMs);
    finished = watch.finish(scenario.finish);
  }
  if (!finished) {
    await moveTo(scenario.untilMs);
    return watch.stop();
  }
  let done = false;
  void finished.then(() => (done = true));
  while (!done && clock.now() - start < scenario.untilMs) await clock.advance(250);
  return done ? finished : watch.stop();
}

/** Round-robin over `ids` by request number. */
export const rotate =
  (...ids: string[]) =>
  (n: number): FakeAnswer => ({ id: ids[n % ids.length] as string });
