import { Agent, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { LoadBalancerNode } from '../../model/load-balancer.js';
import type { Runtime } from '../runtime.js';
import type { Listener, LoadBalancer } from '../world.js';
import { sendAlbError, sendFixedResponse } from './alb-responses.js';
import type { GroupRoute } from './group-route.js';
import type { HealthChecker } from './health.js';
import { forwardedGroups, lbState } from './lookup.js';
import { forwardFromNode } from './node-forward.js';
import { lbNodes, listenNode, type NodeSpec } from './nodes.js';
import { TargetPicker } from './picker.js';
import { RouteTable } from './route-table.js';
import { routeRequest } from './routing.js';
import { servingZones } from './zone-health.js';

/** Where one node of a load balancer serves one of its listeners, once it is up. */
export type ListenerAddress = {
  listenerArn: string;
  loadBalancerArn: string;
  dnsName: string;
  /** The listener's port (what clients ask for). */
  port: number;
  zone: string;
  subnetId: string;
  /** The loopback address and OS-chosen port the node really listens on. */
  address: string;
  localPort: number;
};

type NodeEntry = { listener: Listener; lb: LoadBalancer; spec: NodeSpec; server: Server; bound?: ListenerAddress };

/**
 * The load balancers' data plane, one node per AZ of each active load balancer: for every
 * listener each node is a real HTTP server on its own loopback address (port chosen by the OS)
 * that routes by the listener's rules and picks a target on its own (`TargetPicker`: rotation,
 * requests in flight), over all routable targets, or its AZ's only with cross-zone off. Routes
 * are kept in a `RouteTable` between changes, so a request's cost does not grow with the number
 * of listeners or rules. `resolve` is the sandbox's DNS: the nodes of a name, after DNS failover.
 */
export class DataPlane {
  private readonly nodes = new Map<string, NodeEntry>();
  private readonly pickers = new Map<string, TargetPicker>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 512 });
  private readonly routes: RouteTable;
  private closed = false;

  constructor(
    private readonly rt: Runtime,
    health: HealthChecker,
  ) {
    this.routes = new RouteTable(rt, health);
    health.onStateChange((targetGroupArn) => this.routes.forgetGroup(targetGroupArn));
  }

  /**
   * After any change of the world (`kick`): starts node servers for listeners of active load
   * balancers, stops the ones whose listener (or node) is gone, and drops the routes kept for the old world.
   */
  sync(): void {
    this.routes.clear();
    if (this.closed) return;
    const { listeners, loadBalancers } = this.rt.world.elb;
    const wanted = new Set<string>();
    for (const lb of loadBalancers) {
      if (lbState(lb) !== 'active') continue;
      const specs = lbNodes(this.rt, lb);
      for (const listener of listeners.filter((l) => l.loadBalancerArn === lb.arn)) {
        for (const spec of specs) {
          const key = `${listener.arn}|${spec.subnetId}`;
          wanted.add(key);
          if (!this.nodes.has(key)) this.start(key, { listener, lb, spec });
        }
      }
    }
    for (const [key, entry] of this.nodes) {
      if (wanted.has(key)) continue;
      this.nodes.delete(key);
      void stop(entry.server);
    }
    const lbNodesUp = new Set([...this.nodes.values()].map((e) => `${e.lb.arn}|${e.spec.subnetId}`));
    for (const key of this.pickers.keys()) if (!lbNodesUp.has(key)) this.pickers.delete(key);
  }

  /**
   * The nodes that serve a load balancer's DNS name and listener port, as the name resolves: one
   * per AZ whose node is up, leaving out AZs that DNS failover takes out. Empty for an unknown name.
   */
  resolve(host: string, port: number): LoadBalancerNode[] {
    const name = host.toLowerCase().replace(/\.$/, '');
    const up = this.addresses().filter((a) => a.dnsName === name && a.port === port);
    const lb = this.rt.world.elb.loadBalancers.find((l) => l.arn === up[0]?.loadBalancerArn);
    if (!lb) return [];
    const zones = servingZones(
      up.map((a) => a.zone),
      this.groupsOf(lb),
    );
    return up.filter((a) => zones.has(a.zone)).map((a) => ({ address: a.address, port: a.localPort, zone: a.zone }));
  }

  /** Every node listening now, in the order of its load balancer's subnets. */
  addresses(): ListenerAddress[] {
    const order = (a: ListenerAddress): number =>
      this.rt.world.elb.loadBalancers.find((lb) => lb.arn === a.loadBalancerArn)?.subnetIds.indexOf(a.subnetId) ?? 0;
    return [...this.nodes.values()]
      .flatMap((e) => (e.bound ? [e.bound] : []))
      .sort((a, b) => a.listenerArn.localeCompare(b.listenerArn) || order(a) - order(b));
  }

  async close(): Promise<void> {
    this.closed = true;
    const servers = [...this.nodes.values()].map((e) => e.server);
    this.nodes.clear();
    await Promise.all(servers.map(stop));
    this.agent.destroy();
  }

  private groupsOf(lb: LoadBalancer): GroupRoute[] {
    const { listeners, rules } = this.rt.world.elb;
    const own = listeners.filter((l) => l.loadBalancerArn === lb.arn);
    const arns = new Set([
      ...own.flatMap((l) => forwardedGroups(l.defaultActions)),
      ...rules.filter((r) => own.some((l) => l.arn === r.listenerArn)).flatMap((r) => forwardedGroups(r.actions)),
    ]);
    return [...arns].flatMap((arn) => this.routes.group(arn) ?? []);
  }

  private start(key: string, node: Omit<NodeEntry, 'server'>): void {
    const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => this.handle(entry, req, res));
    const entry: NodeEntry = { ...node, server };
    this.nodes.set(key, entry);
    const { listener, lb, spec } = node;
    listenNode(server, spec.address).then(
      ({ address, port }) => {
        if (this.nodes.get(key) !== entry) return void stop(server);
        entry.bound = {
          listenerArn: listener.arn,
          loadBalancerArn: lb.arn,
          dnsName: lb.dnsName,
          port: listener.port,
          zone: spec.zone,
          subnetId: spec.subnetId,
          address,
          localPort: port,
        };
        this.rt.log(`${lb.dnsName}:${listener.port} → ${address}:${port} (${spec.zone})`);
      },
      (error: unknown) => this.rt.log(`load balancer node ${lb.name} ${spec.zone} cannot listen: ${String(error)}`),
    );
  }

  private picker(entry: NodeEntry): TargetPicker {
    const key = `${entry.lb.arn}|${entry.spec.subnetId}`;
    let picker = this.pickers.get(key);
    if (!picker) {
      picker = new TargetPicker();
      this.pickers.set(key, picker);
    }
    return picker;
  }

  private handle(entry: NodeEntry, req: IncomingMessage, res: ServerResponse): void {
    const route = this.routes.listener(entry.listener.arn);
    if (!route) return sendAlbError(res, 503);
    const decision = routeRequest(route.routes, req.url ?? '/', req.headers.host ?? '');
    if (decision.type === 'fixed') return sendFixedResponse(res, decision.config);
    if (decision.type === 'none') return sendAlbError(res, 503);
    const group = this.routes.group(decision.targetGroupArn);
    if (!group) return sendAlbError(res, 503);
    forwardFromNode(this.rt, req, res, {
      group,
      zone: entry.spec.zone,
      picker: this.picker(entry),
      lb: route.lb,
      listenerPort: route.listener.port,
      agent: this.agent,
    });
  }
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
