import type { CallWatch } from '../../aws/call-watch.js';
import type { RunnerEvent } from '../../model/events.js';

/** The call watch of a session, turned into `aws-call` events for whichever run listens now. */
export type SlowCallEvents = {
  /** Sends the slow calls from now on to this run's events (the previous run's stop receiving them). */
  to(emit: (event: RunnerEvent) => void): void;
  stop(): void;
};

/**
 * Subscribes once to a session's call watch and forwards each slow call as an `aws-call` event to
 * the run that is current: a session runs one command, or the wizard's runs one after another, so
 * one subscription serves them all and a finished run gets no more events.
 */
export function slowCallEvents(calls: CallWatch, now: () => number = Date.now): SlowCallEvents {
  let current: ((event: RunnerEvent) => void) | undefined;
  const unsubscribe = calls.listen((call) =>
    current?.({
      type: 'aws-call',
      id: call.id,
      what: call.what,
      startedAt: call.startedAt,
      elapsedMs: Math.max(0, now() - call.startedAt),
      ended: call.ended === true,
    }),
  );
  return {
    to(emit) {
      current = emit;
    },
    stop() {
      current = undefined;
      unsubscribe();
    },
  };
}
