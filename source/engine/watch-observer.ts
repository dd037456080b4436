import type { ContainerInstance, ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { WatchBackend, WatchEvent } from '../../verify/watch-types.js';
import { answeringBackends, diffLook, emptyMemory } from './watch-diff.js';
import { takeLook, type Look, type LookQuery } from './watch-look.js';

/** How often the observer looks, and the longest one look may take. */
export const OBSERVER_DEFAULTS = { pollMs: 1000, lookTimeoutMs: 5000 } as const;

export type ObserverOptions = {
  clients: { ecs: ECSClient; elbv2: ElasticLoadBalancingV2Client };
  query: LookQuery & { containerPort?: number };
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Stops the observer (Ctrl+C): the look in flight is abandoned. */
  signal: AbortSignal;
  pollMs?: number;
  lookTimeoutMs?: number;
  /** The changes one look found, in order; called after every look that found any. */
  onEvents: (events: WatchEvent[]) => void;
  /** A look that failed or ran out of time; the observer keeps looking. */
  onError?: (error: Error) => void;
};

/** Rejects once `signal` aborts; never settles otherwise. */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** A running observer: it looks every `pollMs` until stopped. */
export type Observer = {
  /** The backends that should answer, as of the latest look (RUNNING, target healthy). */
  answering(): WatchBackend[];
  /** The latest look. */
  latest(): Look;
  /** Looks once more now and waits for it (so a caller sees the platform as it is before judging). */
  lookNow(): Promise<void>;
  /** Stops looking; resolves once the look in flight has ended. */
  stop(): Promise<void>;
};

/**
 * Turns ECS and ELBv2 polls into `WatchEvent`s for the watch: DescribeServices (deployments,
 * events), the service's tasks (RUNNING, and the STOPPED ones of this change), DescribeTargetHealth,
 * each look bounded by `lookTimeoutMs`. The first look is the baseline (see `diffLook`); it is
 * taken before this resolves, so a service that cannot be read fails the watch before it starts.
 */
export async function startObserver(options: ObserverOptions): Promise<Observer> {
  const pollMs = options.pollMs ?? OBSERVER_DEFAULTS.pollMs;
  const lookTimeoutMs = options.lookTimeoutMs ?? OBSERVER_DEFAULTS.lookTimeoutMs;
  const memory = emptyMemory();
  const instanceCache = new Map<string, ContainerInstance>();
  /** STOPPED tasks not worth describing again: stopped before the watch, or already reported stopped. */
  const done = new Set<string>();
  const stopper = new AbortController();
  const signal = AbortSignal.any([options.signal, stopper.signal]);
  let baseline = true;

  const look = async (): Promise<Look> => {
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(lookTimeoutMs)]);
    // The race makes the bound hold even for a client that does not honour its abort signal.
    const seen = await Promise.race([
      takeLook(options.clients, options.query, bounded, { stoppedWanted: (arn) => !done.has(arn), instanceCache }),
      rejectOnAbort(bounded),
    ]).catch((error: unknown) => {
      if (bounded.aborted && !signal.aborted)
        throw new Error(`look at service ${options.query.service}: no answer within ${lookTimeoutMs / 1000} s`, {
          cause: error,
        });
      throw error;
    });
    const stoppedBefore = seen.tasks.filter((t) => t.lastStatus === 'STOPPED' && baseline);
    for (const task of stoppedBefore) done.add(task.taskArn ?? '');
    const tasks = seen.tasks.filter((t) => !stoppedBefore.includes(t));
    const events = diffLook(memory, { ...seen, tasks }, options.now(), baseline, options.query.containerPort);
    for (const task of tasks) if (task.lastStatus === 'STOPPED') done.add(task.taskArn ?? '');
    baseline = false;
    if (events.length > 0) options.onEvents(events);
    return { ...seen, tasks };
  };

  let latest = await look();
  let inFlight: Promise<void> = Promise.resolve();
  const lookSafely = (): Promise<void> => {
    inFlight = inFlight.then(async () => {
      try {
        latest = await look();
      } catch (error) {
        if (!signal.aborted) options.onError?.(error instanceof Error ? error : new Error(String(error)));
      }
    });
    return inFlight;
  };
  const loop = (async () => {
    while (!signal.aborted) {
      const started = options.now();
      await lookSafely();
      const rest = Math.max(0, pollMs - (options.now() - started));
      await options.sleep(rest, signal).catch(() => undefined);
    }
  })();

  return {
    answering: () => answeringBackends(latest, options.query.containerPort),
    latest: () => latest,
    lookNow: () => (signal.aborted ? Promise.resolve() : lookSafely()),
    async stop() {
      stopper.abort();
      await loop;
      await inFlight;
    },
  };
}
