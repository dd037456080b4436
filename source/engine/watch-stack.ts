import type { WatchedChange } from '../model/events.js';
import type { StepId } from '../model/steps.js';
import { defaults } from '../steps/defaults.js';
import { need } from '../steps/results.js';
import { WATCH_DEFAULTS } from '../../verify/watch-options.js';
import type { Watch, WatchEvent, WatchInput, WatchReport, WatchSnapshot } from '../../verify/watch-types.js';
import type { EngineDeps } from './deps.js';
import { stackUrl } from './expected-backends.js';
import { stackNodes } from './stack-nodes.js';
import { fetchStackTopology } from './stack-topology.js';
import type { ResolveLoadBalancer } from './verify-stack.js';
import { startObserver, type Observer } from './watch-observer.js';

/** Starts a watch (verify/watch.ts's `startWatch`; tests pass a fake). */
export type StartWatch = (input: WatchInput) => Promise<Watch>;

/** The watch's tuning a stack accepts; the URL, nodes and backends come from the stack. */
export type StackWatchSettings = Pick<
  WatchInput,
  | 'rate'
  | 'durationMs'
  | 'answerWithinMs'
  | 'timeoutMs'
  | 'hostnameRegex'
  | 'maxErrorRate'
  | 'tolerance'
  | 'dispatcher'
  | 'reresolveMs'
>;

export type StackWatchOptions = {
  /** Default: the verifier's `startWatch`. */
  startWatch?: StartWatch;
  settings?: StackWatchSettings;
  /** The load balancer's nodes where DNS does not know its name (the sandbox). */
  resolve?: ResolveLoadBalancer;
  /** How often the platform is looked at, ms (default 1000). */
  pollMs?: number;
  /** Before the change, the longest the load runs waiting for the old set to answer, ms (default 5000). */
  leadMs?: number;
  /** After the change, the longest the watch keeps its pace to settle the spread, ms (default: the watch's, 60 s). */
  settleMs?: number;
};

/** What the change sees while it runs: the platform as the observer last saw it. */
export type ChangeContext = { observer: Observer; event: (event: Omit<WatchEvent, 'at'>) => void };

/** The change's own outcome and the watch's report; `error` when the change threw (the report judges what was seen). */
export type Watched<T> = { report: WatchReport; outcome?: T; error?: unknown };

/** The longest the load runs before the change starts, waiting for every task of the old set to answer. */
const LEAD_MS = 5000;

/**
 * Holds the change until every backend answering at the start has answered through the load
 * balancer (or `leadMs` passed), so the timeline shows the old set at work before it changes.
 */
async function leadIn(deps: EngineDeps, snapshot: () => WatchSnapshot | undefined, leadMs: number): Promise<void> {
  const until = deps.now() + leadMs;
  while (deps.now() < until && !deps.signal.aborted) {
    const lanes = snapshot()?.lanes.filter((l) => l.before);
    if (lanes && lanes.length > 0 && lanes.every((l) => l.answers > 0)) return;
    await deps.sleep(200, deps.signal).catch(() => undefined);
  }
}

/** How long past its duration a watch without a change is given to end on its own. */
const DURATION_MARGIN_MS = 2000;

async function loadStartWatch(): Promise<StartWatch> {
  return (await import('../../verify/watch.js')).startWatch;
}

/**
 * Runs a watch around a change on a stack: reads the stack's URL and load balancer nodes (as
 * `verifyStack` does), takes the platform's baseline (the backends answering now), starts the
 * paced load, feeds it what ECS and ELBv2 say each second (`startObserver`), runs `change`, then
 * lets the watch settle over the set that answers afterwards and judge. Without a change it
 * watches for the watch's duration (`verify --watch`). Ctrl+C (`deps.signal`) stops it and the
 * report judges what it saw. Sends `watch-tick` each second and `watch-result` at the end.
 */
export async function watchStack<T>(
  deps: EngineDeps,
  kind: WatchedChange,
  options: StackWatchOptions,
  change?: (context: ChangeContext) => Promise<T>,
): Promise<Watched<T>> {
  const record = deps.store.get();
  if (!record) throw new Error('watch: this stack has no saved progress; run setup first');
  const query = {
    cluster: need(record.results, 'cluster').clusterName,
    service: need(record.results, 'service').serviceName,
    targetGroupArn: need(record.results, 'target-group').targetGroupArn,
    containerPort: Number(record.answers.containerPort ?? defaults.containerPort),
  };
  const url = stackUrl(record.results, record.answers);
  const lb = need(record.results, 'load-balancer');
  const topology = await fetchStackTopology(
    deps.clients,
    { ...query, loadBalancerArn: lb.loadBalancerArn },
    deps.signal,
  );
  const step: StepId = kind === 'deploy' ? 'task-definition' : 'scale-out';
  for (const what of topology.unread)
    deps.emit({ type: 'log', step, message: `watch without ${what}: the report cannot name causes that need it` });

  let watch: Watch | undefined;
  const early: WatchEvent[] = [];
  const send = (events: WatchEvent[]) => {
    if (watch) for (const e of events) watch.event(e);
    else early.push(...events);
  };
  let failedLooks = 0;
  let latest: WatchSnapshot | undefined;
  const observer = await startObserver({
    clients: deps.clients,
    query,
    now: deps.now,
    sleep: deps.sleep,
    signal: deps.signal,
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    onEvents: send,
    onError(error) {
      // The first failed look is shown; later ones only every tenth, so a long outage does not flood the log.
      if (failedLooks++ % 10 === 0)
        deps.emit({
          type: 'log',
          step,
          message: `watch: ${error.message}${failedLooks > 1 ? ` (${failedLooks} looks failed)` : ''}`,
        });
    },
  });
  try {
    const { hostname, port } = new URL(url);
    const start = options.startWatch ?? (await loadStartWatch());
    watch = await start({
      ...options.settings,
      url,
      expected: observer.answering(),
      signal: deps.signal,
      now: deps.now,
      // Events are seen up to one look late (a look every pollMs, each taking up to a second here).
      ...(options.pollMs ? { eventLagMs: options.pollMs + 1000 } : {}),
      ...(options.settings?.dispatcher
        ? {}
        : { resolveNodes: stackNodes(hostname, Number(port || 80), topology.zones, options.resolve) }),
      onTick: (snapshot) => {
        latest = snapshot;
        deps.emit({ type: 'watch-tick', change: kind, snapshot });
      },
    });
    send(early.splice(0));
    if (change) await leadIn(deps, () => latest, options.leadMs ?? LEAD_MS);
    const report = await judge(deps, watch, observer, options, change);
    deps.emit({ type: 'watch-result', change: kind, report: report.report });
    return report;
  } finally {
    await observer.stop();
  }
}

async function judge<T>(
  deps: EngineDeps,
  watch: Watch,
  observer: Observer,
  options: StackWatchOptions,
  change?: (context: ChangeContext) => Promise<T>,
): Promise<Watched<T>> {
  if (!change) {
    // The watch ends itself when its duration is up (`stoppedBecause: 'duration'`); the margin lets
    // it, so `stop()` only collects the report. Ctrl+C ends the sleep and the watch at once.
    const durationMs = options.settings?.durationMs ?? WATCH_DEFAULTS.durationMs;
    await deps.sleep(durationMs + DURATION_MARGIN_MS, deps.signal).catch(() => undefined);
    return { report: await watch.stop() };
  }
  const event = (e: Omit<WatchEvent, 'at'>) => watch.event({ ...e, at: deps.now() });
  event({ kind: 'change-started' });
  let outcome: T;
  try {
    outcome = await change({ observer, event });
  } catch (error) {
    return { report: await watch.stop(), error };
  }
  event({ kind: 'change-ended' });
  if (deps.signal.aborted) return { report: await watch.stop(), outcome };
  await observer.lookNow();
  const report = await watch.finish({
    expected: observer.answering(),
    ...(options.settleMs ? { settleMs: options.settleMs } : {}),
  });
  return { report, outcome };
}
