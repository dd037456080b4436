import type { Dispatcher } from 'undici';
import { nodeKey, portOf } from './nodes.js';
import { createPool, targetOf, type Target } from './send.js';
import type { VerifyNode } from './types.js';

/** One node requests go to: its keep-alive pool and the target (its address, the URL's Host and SNI). */
export type Route = { key: string; node: VerifyNode; target: Target; dispatcher: Dispatcher; gone: boolean };

/**
 * The nodes of a run and a pool for each. Requests rotate over the nodes still in DNS, so every
 * node gets the same number of requests, as clients spread by DNS do on average. Nodes that leave
 * DNS stop getting requests but stay in the report.
 */
export class NodePools {
  private readonly routes = new Map<string, Route>();
  private active: Route[] = [];
  private turn = 0;

  constructor(
    private readonly url: string,
    private readonly connections: number,
    private readonly shared?: Dispatcher,
  ) {}

  /** Takes the nodes found now: new ones get a pool, missing ones are marked gone; none found changes nothing. */
  update(nodes: readonly VerifyNode[]): void {
    if (nodes.length === 0) return;
    const keys = new Set(nodes.map(nodeKey));
    for (const node of nodes) {
      const key = nodeKey(node);
      const known = this.routes.get(key);
      if (known) {
        known.gone = false;
        known.node = { ...known.node, ...node };
        continue;
      }
      const target = targetOf(this.url, { host: node.address, port: node.port });
      const dispatcher = this.shared ?? createPool(target, this.connections);
      this.routes.set(key, { key, node, target, dispatcher, gone: false });
    }
    for (const route of this.routes.values()) if (!keys.has(route.key)) route.gone = true;
    this.active = [...this.routes.values()].filter((r) => !r.gone);
  }

  /** Talks to the URL's own origin: a test's dispatcher, or a name that did not resolve. */
  useOrigin(): void {
    const url = new URL(this.url);
    const target = targetOf(this.url);
    const node: VerifyNode = { address: url.hostname.replace(/^\[|\]$/g, ''), port: portOf(url) };
    const dispatcher = this.shared ?? createPool(target, this.connections);
    const route: Route = { key: nodeKey(node), node, target, dispatcher, gone: false };
    this.routes.set(route.key, route);
    this.active = [route];
  }

  /** The next node in rotation. */
  next(): Route {
    const route = this.active[this.turn % this.active.length];
    this.turn += 1;
    if (!route) throw new Error('send a request: no load balancer node to send to');
    return route;
  }

  /** Every node seen, in the order found. */
  all(): Route[] {
    return [...this.routes.values()];
  }

  /** Closes the pools this run opened (never a caller's dispatcher). */
  async close(): Promise<void> {
    if (this.shared) return;
    await Promise.all([...this.routes.values()].map((r) => r.dispatcher.close()));
  }
}
