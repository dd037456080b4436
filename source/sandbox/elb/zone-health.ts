import type { GroupRoute } from './group-route.js';

/**
 * Whether a zone passes one target group's DNS failover check
 * (`target_group_health.dns_failover.minimum_healthy_targets.count` / `.percentage`): with
 * cross-zone on the group's healthy targets in any AZ count, with it off only the zone's own.
 */
function zonePasses(group: GroupRoute, zone: string): boolean {
  const { count, percentage } = group.settings.dnsFailover;
  const counts = group.settings.crossZone
    ? group.health
    : (group.health.byZone.get(zone) ?? { healthy: 0, registered: 0 });
  if (count !== undefined && counts.healthy < count) return false;
  if (percentage !== undefined && (counts.registered === 0 || (counts.healthy * 100) / counts.registered < percentage))
    return false;
  return true;
}

/**
 * The zones whose nodes the load balancer's DNS name answers with, as ALB's DNS failover decides:
 * a zone is left out while any target group of the load balancer fails its check there (so with
 * cross-zone off, an AZ without a healthy target of its own); when every zone fails, all of them
 * are answered (fail open).
 */
export function servingZones(zones: readonly string[], groups: readonly GroupRoute[]): Set<string> {
  const passing = zones.filter((zone) => groups.every((group) => zonePasses(group, zone)));
  return new Set(passing.length > 0 ? passing : zones);
}
