import { Agent, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lbCanReach } from '../ec2/reachability.js';
import type { Runtime } from '../runtime.js';
import type { Listener, Target } from '../world.js';
import { sendAlbError, sendFixedResponse } from './alb-responses.js';
import type { HealthChecker } from './health.js';
import { lbState } from './lookup.js';
import { proxyRequest } from './proxy.js';
import { RouteTable } from './route-table.js';
import { routeRequest } from './routing.js';

/** Where a load balancer listener really listens: `dnsName:port` is served at `127.0.0.1:localPort`. */
export type ListenerAddress = {
  listenerArn: string;
  loadBalancerArn: string;
  dnsName: string;
  port: number;
  host: '127.0.0.1';
  localPort: number;
};

/** AWS's ALB idle timeout and target connect timeout (AWS ms). */
const IDLE_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 10_000;
const MIN_IDLE_TIMEOUT_MS = 2_000;

/**
 * The load balancers' data plane: each listener of an active load balancer is a real HTTP server
 * on 127.0.0.1 (port chosen by the OS) that routes by the listener's rules and round-robins over
 * the target group's routable targets. Both are kept in a `RouteTable` between changes, so a
 * request's cost does not grow with the number of targets, listeners or rules.
 */
export class DataPlane {
  private readonly servers = new Map<string, { server: Server; address?: ListenerAddress }>();
  private readonly cursor = new Map<string, number>();
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
   * After any change of the world (`kick`): starts servers for listeners of active load balancers,
   * stops the ones whose listener is gone, and drops the routes kept for the old world.
   */
  sync(): void {
    this.routes.clear();
    if (this.closed) return;
    const { listeners, loadBalancers } = this.rt.world.elb;
    const wanted = listeners.filter((l) =>
      loadBalancers.some((lb) => lb.arn === l.loadBalancerArn && lbState(lb) === 'active'),
    );
    for (const listener of wanted) if (!this.servers.has(listener.arn)) this.start(listener);
    for (const [arn, entry] of this.servers) {
      if (!wanted.some((l) => l.arn === arn)) {
        this.servers.delete(arn);
        void stop(entry.server);
      }
    }
  }

  /** The local address serving a load balancer's DNS name and listener port, once it is up. */
  resolve(host: string, port: number): { host: '127.0.0.1'; port: number } | undefined {
    const name = host.toLowerCase().replace(/\.$/, '');
    const address = this.addresses().find((a) => a.dnsName === name && a.port === port);
    return address ? { host: '127.0.0.1', port: address.localPort } : undefined;
  }

  addresses(): ListenerAddress[] {
    return [...this.servers.values()].flatMap((e) => (e.address ? [e.address] : []));
  }

  async close(): Promise<void> {
    this.closed = true;
    const servers = [...this.servers.values()].map((e) => e.server);
    this.servers.clear();
    await Promise.all(servers.map(stop));
    this.agent.destroy();
  }

  private start(listener: Listener): void {
    const server = createServer({ keepAliveTimeout: IDLE_TIMEOUT_MS }, (req, res) =>
      this.handle(listener.arn, req, res),
    );
    const entry: { server: Server; address?: ListenerAddress } = { server };
    this.servers.set(listener.arn, entry);
    server.listen(0, '127.0.0.1', () => {
      const lb = this.rt.world.elb.loadBalancers.find((l) => l.arn === listener.loadBalancerArn);
      if (this.servers.get(listener.arn) !== entry || !lb) return;
      const localPort = (server.address() as AddressInfo).port;
      entry.address = {
        listenerArn: listener.arn,
        loadBalancerArn: lb.arn,
        dnsName: lb.dnsName,
        port: listener.port,
        host: '127.0.0.1',
        localPort,
      };
      this.rt.log(`${lb.dnsName}:${listener.port} → 127.0.0.1:${localPort}`);
    });
  }

  private handle(listenerArn: string, req: IncomingMessage, res: ServerResponse): void {
    const route = this.routes.listener(listenerArn);
    if (!route) return sendAlbError(res, 503);
    const { listener, lb } = route;
    const decision = routeRequest(route.routes, req.url ?? '/', req.headers.host ?? '');
    if (decision.type === 'fixed') return sendFixedResponse(res, decision.config);
    if (decision.type === 'none') return sendAlbError(res, 503);
    const candidates = this.routes.targets(decision.targetGroupArn);
    if (!candidates || candidates.targets.length === 0) return sendAlbError(res, 503);
    const turn = this.cursor.get(decision.targetGroupArn) ?? 0;
    this.cursor.set(decision.targetGroupArn, turn + 1);
    const target = candidates.targets[turn % candidates.targets.length] as Target;
    if (!lbCanReach(this.rt, lb, target.id, target.port)) {
      const timer = setTimeout(() => sendAlbError(res, 504), this.rt.clock.real(CONNECT_TIMEOUT_MS));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    proxyRequest(req, res, {
      agent: this.agent,
      port: target.port,
      listenerPort: listener.port,
      idleTimeoutMs: Math.max(this.rt.clock.real(IDLE_TIMEOUT_MS), MIN_IDLE_TIMEOUT_MS),
    });
  }
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
