import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a task's container answers: its hostname, whether it fails every request, and how long
 * (real ms) it takes before answering (0: at once), so tests can have requests in flight.
 */
export type ContainerBehaviour = { hostname: string; isFailing: () => boolean; latencyMs?: () => number };

/** How the container ended: it exited on its own after the stop signal, or it was killed. */
export type ContainerExit = 'exited' | 'killed';

/**
 * One container port of a RUNNING task: a real HTTP server on 127.0.0.1 (the dynamic host port is
 * the port the OS picks). Like the memo's Sinatra app it answers `GET /hostname` with the
 * container's hostname (12 hex, no newline); `/` and `/health*` answer 200; other paths 404. A
 * failing container answers 500 to everything, so load balancer health checks mark it unhealthy.
 * On the stop signal (`terminate`) it stops listening, answers what is in flight with
 * `Connection: close`, and exits once nothing is in flight; `kill` drops every connection at once.
 */
export class TaskServer {
  private inFlight = 0;
  private stopping = false;
  private drained: (() => void) | undefined;

  private readonly server: Server;
  private bound = 0;

  private constructor(behaviour: ContainerBehaviour) {
    this.server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      this.begin();
      response.once('close', () => this.end());
      const send = (status: number, body: string): void => {
        if (response.destroyed) return;
        response.writeHead(status, {
          'content-type': 'text/plain;charset=utf-8',
          'content-length': Buffer.byteLength(body),
          ...(this.stopping ? { connection: 'close' } : {}),
        });
        response.end(body);
      };
      const answer = (): void => {
        if (behaviour.isFailing()) send(500, 'Internal Server Error');
        else if (path === '/hostname') send(200, behaviour.hostname);
        else if (path === '/' || path.startsWith('/health')) send(200, 'OK');
        else send(404, 'Not Found');
      };
      const latency = behaviour.latencyMs?.() ?? 0;
      if (latency > 0) {
        const timer = setTimeout(answer, latency);
        response.once('close', () => clearTimeout(timer));
      } else answer();
    });
    this.server.keepAliveTimeout = 65_000;
  }

  /** Listens on 127.0.0.1:`port` (0 = any free port, as Docker's dynamic host ports). */
  static async listen(behaviour: ContainerBehaviour, port = 0): Promise<TaskServer> {
    const self = new TaskServer(behaviour);
    const { server } = self;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    self.bound = (server.address() as AddressInfo).port;
    return self;
  }

  /** The host port the OS chose. */
  get port(): number {
    return this.bound;
  }

  /** Requests being answered right now. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  private begin(): void {
    this.inFlight += 1;
  }

  private end(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) this.drained?.();
  }

  /**
   * The stop signal (SIGTERM): no new connections, idle ones closed, in-flight requests answered
   * (then their connections closed). Resolves 'exited' once nothing is in flight, or 'killed' when
   * `killAfterMs` (real ms, the container's stop timeout) passes first and every connection is dropped.
   * `abrupt` exits at once, dropping the requests in flight (a container that does not handle the signal).
   */
  async terminate(killAfterMs: number, abrupt = false): Promise<ContainerExit> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (abrupt) {
      this.server.closeAllConnections();
      await closed;
      return 'exited';
    }
    const exit = await new Promise<ContainerExit>((resolve) => {
      if (this.inFlight === 0) return resolve('exited');
      const timer = setTimeout(() => resolve('killed'), Math.max(0, killAfterMs));
      this.drained = () => {
        clearTimeout(timer);
        resolve('exited');
      };
    });
    this.drained = undefined;
    this.server.closeAllConnections();
    await closed;
    return exit;
  }

  /** Stops listening and drops open connections, as a killed (or crashed) container does. */
  async close(): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
