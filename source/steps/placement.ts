import { WaitTimeoutError, type WaitPolicy } from '../aws/wait.js';

/** What a container instance lacked when ECS could not place a task, read from its service event. */
export type PlacementShortfall = 'memory' | 'cpu' | 'ports' | 'no-instances' | 'no-provider-instances' | 'other';

/** ECS's service event when the scheduler cannot place a task (EC2: "...no container instance met all of its requirements..."). */
export const unablePattern = /was unable to place a task/i;

/** ECS's service event once running equals desired: a placement problem before it is resolved. */
export const steadyPattern = /has reached a steady state/i;

/** Reads what was short from ECS's "unable to place" event, in the words AWS uses. */
export function shortfallOf(event: string): PlacementShortfall {
  if (/insufficient memory/i.test(event)) return 'memory';
  if (/insufficient CPU/i.test(event)) return 'cpu';
  if (/already using a port/i.test(event)) return 'ports';
  if (/No Container Instances were found in your capacity provider/i.test(event)) return 'no-provider-instances';
  if (/No Container Instances were found/i.test(event)) return 'no-instances';
  return 'other';
}

const shortText: Record<PlacementShortfall, string> = {
  memory: 'insufficient memory',
  cpu: 'insufficient CPU units',
  ports: 'a host port the task needs is taken',
  'no-instances': 'no container instances in the cluster',
  'no-provider-instances': "no instance of the capacity provider's Auto Scaling group is registered in the cluster",
  other: 'no container instance meets its requirements',
};

/** `insufficient memory`: the shortfall in a few words, for progress lines. */
export function shortfallText(shortfall: PlacementShortfall): string {
  return shortText[shortfall];
}

/** What the user can do about a shortfall, given how many tasks did get placed. */
function waysOut(shortfall: PlacementShortfall, placed: number, cluster: string): string {
  const fewer = placed > 0 ? `ask for at most ${placed} task${placed === 1 ? '' : 's'}` : 'ask for fewer tasks';
  const more = `add container instances to cluster ${cluster}`;
  switch (shortfall) {
    case 'memory':
      return `${fewer}, reserve less memory per task (--memory), or ${more}`;
    case 'cpu':
      return `${fewer}, reserve fewer CPU units per task, or ${more}`;
    case 'ports':
      return `${fewer}, publish the container on a dynamic host port (hostPort 0), or ${more}`;
    case 'no-instances':
      return `register container instances in cluster ${cluster}, or create the capacity with --create-cluster`;
    case 'no-provider-instances':
      // The service runs on a capacity provider: more of the cluster's instances do not help.
      return `see with status whether the group's instances are running and registered in cluster ${cluster}; instances that registered before the capacity provider existed are not its: replace them (scale the group to 0 and back) or run teardown, then setup`;
    case 'other':
      return `${fewer}, or ${more}`;
  }
}

/**
 * A wait for healthy targets that ended early because ECS cannot place the tasks it needs: the
 * count stopped growing while ECS kept saying it was unable to place a task. A `WaitTimeoutError`
 * (the wait did not get there), so a verification after it runs on the tasks that do run.
 */
export class PlacementError extends WaitTimeoutError {
  override name = 'PlacementError';
}

/**
 * How long the placed count (running + pending) may stay short of desired, under an "unable to
 * place" event, before the wait gives up: four of its longest poll delays (a minute on AWS). ECS
 * retries placement on its own, so a task that fits gets placed well within that; one that does
 * not fit stays unplaced until the capacity or the request changes.
 */
export function placementStallMs(policy: WaitPolicy): number {
  return 4 * policy.maxDelayMs;
}

/** One look at the service, as far as placement goes. */
export type PlacementLook = {
  running: number;
  pending: number;
  deployments: number;
  /** The newest "unable to place" event not followed by a steady state. */
  placementEvent?: string;
};

/**
 * Watches successive looks at a service for a placement failure that persists: an "unable to
 * place" event standing while fewer than `desired` tasks are placed, with a single deployment
 * (a rollout frees capacity as old tasks stop), and the placed count unchanged for `stallMs`.
 * `look` then throws a `PlacementError` naming the count, what was short and the ways out.
 */
export function placementWatch(options: { desired: number; cluster: string; stallMs: number; now: () => number }) {
  let stall: { placed: number; since: number } | undefined;
  return {
    look(snap: PlacementLook): void {
      const placed = snap.running + snap.pending;
      const event = snap.placementEvent;
      if (event === undefined || placed >= options.desired || snap.deployments > 1) {
        stall = undefined;
        return;
      }
      if (stall?.placed !== placed) {
        stall = { placed, since: options.now() };
        return;
      }
      if (options.now() - stall.since < options.stallMs) return;
      const shortfall = shortfallOf(event);
      const quoted = event.replace(/\s*For more information, see the Troubleshooting section.*$/i, '');
      throw new PlacementError(
        `ECS placed ${placed} of ${options.desired} tasks and cannot place the rest: ${shortfallText(shortfall)} ` +
          `(service event: ${quoted}). Ways out: ${waysOut(shortfall, placed, options.cluster)}`,
      );
    },
  };
}
