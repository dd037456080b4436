import type { Dispatcher } from 'undici';
import type { WatchClock } from '../../../verify/watch-types.js';

/**
 * A clock whose time moves only when told: `advance(ms)` runs every timer due on the way, in time
 * order, letting promises settle after each, so a watch of hours runs in moments and its counts
 * can be asserted exactly.
 */
export class FakeClock implements WatchClock {
  private timers: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;

  constructor(private t = 1_700_000_000_000) {}

  now(): number {
    return this.t;
  }

  after(ms: number, run: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, run };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, running the timers due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let next: (typeof this.timers)[number] | undefined;
      for (const timer of this.timers)
        if (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq)) next = timer;
      if (!next || next.at > end) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.t = Math.max(this.t, next.at);
      next.run();
      await settle();
    }
    this.t = end;
    await settle();
  }

  /** Pending timers (a finished watch leaves none). */
  get pending(): number {
    return this.timers.length;
  }
}

/** Lets queued promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 6; i += 1) await Promise.resolve();
}

/** How the fake load balancer answers the n-th request at time `now`. */
export type FakeAnswer = { id: string } | { status: number } | { error: 'reset' | 'refused' | 'timeout' };

/**
 * A dispatcher standing in for a load balancer: each request is answered (in a microtask) by
 * `answer(n, path)`; it keeps nothing per request, so a watch of hours costs it nothing. `seen`
 * counts the requests.
 */
export function fakeDispatcher(answer: (n: number) => FakeAnswer): Dispatcher & { seen: () => number } {
  let n = 0;
  const controller = {} as never;
  const dispatcher = {
    dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      const reply = answer(n);
      n += 1;
      queueMicrotask(() => {
        handler.onRequestStart?.(controller, {});
        if ('error' in reply) {
          const code = { reset: 'ECONNRESET', refused: 'ECONNREFUSED', timeout: 'UND_ERR_HEADERS_TIMEOUT' }[
            reply.error
          ];
          handler.onResponseError?.(controller, Object.assign(new Error(reply.error), { code }));
          return;
        }
        const status = 'status' in reply ? reply.status : 200;
        handler.onResponseStart?.(controller, status, {}, '');
        handler.onResponseData?.(controller, Buffer.from('id' in reply ? `${reply.id}\n` : 'Bad Gateway'));
        handler.onResponseEnd?.(controller, {});
      });
      return true;
    },
    close: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
    seen: () => n,
  };
  return dispatcher as unknown as Dispatcher & { seen: () => number };
}
