import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { VerificationInput, VerifyNode } from './types.js';

/** Looks a name up: every address, both families (A and AAAA). */
export type LookupAll = (host: string) => Promise<LookupAddress[]>;

const systemLookup: LookupAll = (host) => dnsLookup(host, { all: true, family: 0 });

/** The URL's port, or its scheme's default. */
export function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'https:' ? 443 : 80));
}

/**
 * Every address `host` resolves to, each as a node on `port` (an IP address is its own only node).
 * An ALB's name resolves to one address (per family) for each enabled Availability Zone.
 */
export async function dnsNodes(host: string, port: number, lookup: LookupAll = systemLookup): Promise<VerifyNode[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return [{ address: bare, port }];
  const addresses = await lookup(bare);
  const unique = [...new Set(addresses.map((a) => a.address))];
  return unique.map((address) => ({ address, port }));
}

/**
 * How the run finds its nodes, or undefined when it talks to the URL's origin as it is (a test's
 * dispatcher). In order: the caller's resolver, the caller's nodes, `--connect-to`'s host, the
 * URL's host in DNS. `changes`: worth looking up again on a long run. `dns`: a failed lookup falls
 * back to the URL's origin (its requests then fail and say why); a caller's resolver that fails
 * is an error of the run.
 */
export function nodeSource(
  input: Pick<VerificationInput, 'url' | 'nodes' | 'resolveNodes' | 'connectTo' | 'dispatcher'>,
  lookup?: LookupAll,
): NodeSource | undefined {
  if (input.resolveNodes) return { find: input.resolveNodes, changes: true, dns: false };
  if (input.nodes && input.nodes.length > 0) {
    const nodes = input.nodes;
    return { find: () => Promise.resolve(nodes), changes: false, dns: false };
  }
  const { connectTo } = input;
  if (connectTo) {
    const find = () => dnsNodes(connectTo.host, connectTo.port, lookup);
    return { find, changes: isIP(connectTo.host) === 0, dns: true };
  }
  if (input.dispatcher) return undefined;
  const url = new URL(input.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { find: () => dnsNodes(url.hostname, portOf(url), lookup), changes: isIP(host) === 0, dns: true };
}

/** Where a run's nodes come from; see `nodeSource`. */
export type NodeSource = { find: () => Promise<VerifyNode[]>; changes: boolean; dns: boolean };

/** `10.0.1.5:80`, `[2600:1f18::1]:80`: a node's key and its label in reports. */
export function nodeKey(node: Pick<VerifyNode, 'address' | 'port'>): string {
  return node.address.includes(':') ? `[${node.address}]:${node.port}` : `${node.address}:${node.port}`;
}
