import { modifyAttribute, withFix } from './fix.js';
import { nodeKey } from './nodes.js';
import { percent } from './spread-words.js';
import type { Finding, NodeSummary, Summary, Topology } from './types.js';

const countBy = <T>(items: readonly T[], key: (item: T) => string | undefined): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};

const listed = (counts: ReadonlyMap<string, number>): string =>
  [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zone, n]) => `${zone}: ${n}`)
    .join(', ');

/**
 * With cross-zone load balancing off each node sends only to targets in its own AZ, and clients
 * spread over the nodes: an AZ's backends share what its nodes get. The share each backend then
 * takes, by AZ (nodes' AZs when known, else one node per backend AZ).
 */
export function crossZoneShares(
  backendsByZone: ReadonlyMap<string, number>,
  nodes: readonly NodeSummary[],
): Map<string, number> {
  const live = nodes.filter((n) => n.zone !== undefined && !n.gone);
  const nodesByZone =
    live.length > 0 ? countBy(live, (n) => n.zone) : new Map([...backendsByZone.keys()].map((z) => [z, 1]));
  const totalNodes = [...nodesByZone.values()].reduce((a, b) => a + b, 0);
  const shares = new Map<string, number>();
  for (const [zone, backends] of backendsByZone) shares.set(zone, (nodesByZone.get(zone) ?? 0) / totalNodes / backends);
  return shares;
}

/** Cross-zone off as the caller read it: a cause when backends are uneven over the AZs with nodes, else a note. */
export function crossZoneFinding(summary: Summary, topology: Topology, failing: boolean): Finding | undefined {
  const expected = summary.backends.filter((b) => b.expected);
  const byZone = countBy(expected, (b) => b.zone);
  const off = 'cross-zone load balancing is off for the target group (load_balancing.cross_zone.enabled = false)';
  if (byZone.size === 0)
    return {
      id: 'cross-zone-off',
      severity: 'note',
      text: `${off}: each node sends only to targets in its own Availability Zone`,
    };
  const shares = crossZoneShares(byZone, summary.nodes);
  const distinct = new Set([...shares.values()].map((s) => s.toFixed(6)));
  if (distinct.size <= 1) {
    const text = `${off}; the backends are even over Availability Zones (${listed(byZone)}), so each still gets its share while clients spread evenly over the nodes`;
    return { id: 'cross-zone-off', severity: 'note', text };
  }
  const each = [...shares.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zone, share], i) => `${i === 0 ? 'each backend' : 'each'} in ${zone} gets ${percent(share)}`)
    .join(', ');
  const text =
    `${off} and the backends are uneven over Availability Zones (${listed(byZone)}): each node sends only to ` +
    `targets in its own AZ, so ${each}. Turn cross-zone on: ${modifyAttribute(topology, 'Key=load_balancing.cross_zone.enabled,Value=true')}`;
  return {
    id: 'cross-zone-off',
    severity: failing ? 'cause' : 'note',
    text: withFix(topology, 'cross-zone-off', text),
  };
}

/**
 * Without the target group's settings, the nodes themselves can show cross-zone off: two or more
 * nodes that each reached only some of the backends, none shared.
 */
export function disjointNodesFinding(summary: Summary, failing: boolean): Finding | undefined {
  const answering = summary.nodes.filter((n) => n.ok > 0);
  if (answering.length < 2) return undefined;
  const all = new Set(answering.flatMap((n) => n.backends.map((b) => b.id)));
  const seen = new Set<string>();
  for (const node of answering) {
    if (node.backends.length >= all.size) return undefined;
    for (const backend of node.backends) {
      if (seen.has(backend.id)) return undefined;
      seen.add(backend.id);
    }
  }
  const reach = answering
    .map((n) => `${nodeKey(n)}${n.zone ? ` (${n.zone})` : ''} → ${n.backends.map((b) => b.id).join(', ')}`)
    .join('; ');
  const text = `each load balancer node reached only its own backends (${reach}): cross-zone load balancing looks off for the target group (load_balancing.cross_zone.enabled = false), so a backend's share depends on how many share its Availability Zone`;
  return { id: 'nodes-disjoint', severity: failing ? 'cause' : 'note', text };
}
