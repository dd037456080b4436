import type { Target, TargetState } from '../world.js';
import type { GroupSettings } from './group-settings.js';
import { routableTargets, type Candidates } from './routing.js';

/** A registered target as a node routes to it: its key, its instance's AZ, and since when it is healthy. */
export type RoutedTarget = { target: Target; key: string; zone?: string; healthySince?: number };

/** Healthy and registered (not draining) targets, over the group and per AZ: what DNS failover reads. */
export type GroupHealth = {
  healthy: number;
  registered: number;
  byZone: Map<string, { healthy: number; registered: number }>;
};

/**
 * A target group as the data plane routes to it between changes: its settings, the targets every
 * node may pick (cross-zone on), the targets per AZ (a node's own AZ when cross-zone is off, each
 * AZ failing open on its own), and the health counts DNS failover looks at.
 */
export type GroupRoute = {
  arn: string;
  settings: GroupSettings;
  all: Candidates<RoutedTarget>;
  byZone: Map<string, Candidates<RoutedTarget>>;
  health: GroupHealth;
};

type State = { target: Target; state: TargetState; healthySince?: number };

/** Builds a group's route from its targets' states and each target's AZ (`zoneOf` its instance id). */
export function buildGroupRoute(
  arn: string,
  settings: GroupSettings,
  states: State[],
  zoneOf: (instanceId: string) => string | undefined,
): GroupRoute {
  const routed = states.map((s) => {
    const zone = zoneOf(s.target.id);
    const target: RoutedTarget = { target: s.target, key: `${s.target.id}:${s.target.port}` };
    if (zone !== undefined) target.zone = zone;
    if (s.healthySince !== undefined) target.healthySince = s.healthySince;
    return { target, state: s.state };
  });
  const perZone = new Map<string, typeof routed>();
  const health: GroupHealth = { healthy: 0, registered: 0, byZone: new Map() };
  for (const entry of routed) {
    const zone = entry.target.zone;
    if (zone !== undefined) perZone.set(zone, [...(perZone.get(zone) ?? []), entry]);
    if (entry.state === 'draining') continue;
    const healthy = entry.state === 'healthy' ? 1 : 0;
    health.healthy += healthy;
    health.registered += 1;
    if (zone === undefined) continue;
    const counts = health.byZone.get(zone) ?? { healthy: 0, registered: 0 };
    health.byZone.set(zone, { healthy: counts.healthy + healthy, registered: counts.registered + 1 });
  }
  const byZone = new Map([...perZone].map(([zone, entries]) => [zone, routableTargets(entries)]));
  return { arn, settings, all: routableTargets(routed), byZone, health };
}

/** The targets a node in `zone` may send to: all routable ones, or with cross-zone off its AZ's own. */
export function nodeCandidates(group: GroupRoute, zone: string | undefined): RoutedTarget[] {
  if (group.settings.crossZone) return group.all.targets;
  return (zone === undefined ? undefined : group.byZone.get(zone))?.targets ?? [];
}
