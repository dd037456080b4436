import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a task's container answers: its hostname, and whether it fails every request. */
export type ContainerBehaviour = { hostname: string; isFailing: () => boolean };

/**
 * One container port of a RUNNING task: a real HTTP server on 127.0.0.1 (the dynamic host port is
 * the port the OS picks). Like the memo's Sinatra app it answers `GET /hostname` with the
 * container's hostname (12 hex, no newline); `/` and `/health*` answer 200; other paths 404. A
 * failing container answers 500 to everything, so load balancer health checks mark it unhealthy.
 */
export class TaskServer {
  private constructor(
    private readonly server: Server,
    /** The host port the OS chose. */
    readonly port: number,
  ) {}

  /** Listens on 127.0.0.1:`port` (0 = any free port, as Docker's dynamic host ports). */
  static async listen(behaviour: ContainerBehaviour, port = 0): Promise<TaskServer> {
    const server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const send = (status: number, body: string): void => {
        response.writeHead(status, {
          'content-type': 'text/plain;charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      };
      if (behaviour.isFailing()) send(500, 'Internal Server Error');
      else if (path === '/hostname') send(200, behaviour.hostname);
      else if (path === '/' || path.startsWith('/health')) send(200, 'OK');
      else send(404, 'Not Found');
    });
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new TaskServer(server, (server.address() as AddressInfo).port);
  }

  /** Stops listening and drops open connections, as a stopped container does. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}
