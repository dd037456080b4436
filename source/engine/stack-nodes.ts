import { dnsNodes, type LookupAll } from '../../verify/nodes.js';
import type { VerifyNode } from '../../verify/types.js';
import type { LoadBalancerNode } from '../model/load-balancer.js';
import type { NodeZones } from './stack-topology.js';

/**
 * How a stack's verification finds the load balancer's nodes, each time the verifier asks (at the
 * start, and again on a long run): the connection's resolver when it knows the name (the sandbox),
 * else every address the name has in DNS. Each node gets its subnet and AZ from the load
 * balancer's network interfaces when the resolver did not say.
 */
export function stackNodes(
  host: string,
  port: number,
  zones: NodeZones,
  resolve?: (host: string, port: number) => Promise<LoadBalancerNode[]>,
  lookup?: LookupAll,
): () => Promise<VerifyNode[]> {
  return async () => {
    const given = (await resolve?.(host, port)) ?? [];
    const nodes: VerifyNode[] = given.length > 0 ? given : await dnsNodes(host, port, lookup);
    return nodes.map((node) => {
      const known = zones.get(node.address);
      const zone = node.zone ?? known?.zone;
      return {
        ...node,
        ...(zone ? { zone } : {}),
        ...(known?.subnetId && !node.subnetId ? { subnetId: known.subnetId } : {}),
      };
    });
  };
}
