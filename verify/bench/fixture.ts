import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running local HTTP server and how to stop it. */
export type Running = {
  port: number;
  url: string;
  /** TCP connections accepted so far (keep-alive means few). */
  connections: () => number;
  close: () => Promise<void>;
};

/** `weight`: slots per rotation in the balancer in front (2 for a backend taking twice its share). */
export type BackendBehaviour = { id: string; delayMs?: number; status?: number; weight?: number };

function listen(server: Server, host = '127.0.0.1'): Promise<Running> {
  let accepted = 0;
  server.on('connection', () => {
    accepted += 1;
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        url: `http://${host}:${port}`,
        connections: () => accepted,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A backend like the demo container: `GET /hostname` answers its id (after `delayMs`). */
export function startBackend(behaviour: BackendBehaviour): Promise<Running> {
  const server = createServer((req, res) => {
    const answer = (): void => {
      res.writeHead(behaviour.status ?? 200, { 'content-type': 'text/plain' });
      res.end(`${behaviour.id}\n`);
    };
    req.resume();
    if (behaviour.delayMs) setTimeout(answer, behaviour.delayMs);
    else answer();
  });
  server.keepAliveTimeout = 30_000;
  return listen(server);
}

/**
 * A small load balancer: forwards each request to the next backend in strict (weighted) rotation
 * over keep-alive connections, and answers 502 when a backend fails, as an ALB does. A port listed
 * twice takes two slots of the rotation. `hostSeen` records the Host header of the last request
 * (for `--connect-to` checks). Listens on `host` (any 127.0.0.0/8 address on Linux), on a port
 * the OS picks.
 */
export async function startRoundRobin(
  backendPorts: number[],
  host = '127.0.0.1',
): Promise<Running & { hostSeen: () => string | undefined }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  let lastHost: string | undefined;
  const server = createServer((req, res) => {
    lastHost = req.headers.host;
    const port = backendPorts[next % backendPorts.length];
    next += 1;
    const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, agent }, (answer) => {
      const { connection: _connection, 'keep-alive': _keepAlive, ...headers } = answer.headers;
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('502 Bad Gateway\n');
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  const running = await listen(server, host);
  return {
    ...running,
    hostSeen: () => lastHost,
    close: async () => {
      await running.close();
      agent.destroy();
    },
  };
}

/** Backends with the given behaviours behind one round-robin; `close` stops them all. */
export async function startFarm(behaviours: BackendBehaviour[]): Promise<{
  balancer: Awaited<ReturnType<typeof startRoundRobin>>;
  backends: Running[];
  close: () => Promise<void>;
}> {
  const backends = await Promise.all(behaviours.map(startBackend));
  const slots = backends.flatMap((b, i) => Array.from({ length: behaviours[i]?.weight ?? 1 }, () => b.port));
  const balancer = await startRoundRobin(slots);
  return {
    balancer,
    backends,
    close: async () => {
      await balancer.close();
      await Promise.all(backends.map((b) => b.close()));
    },
  };
}
