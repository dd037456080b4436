import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny load balancer on 127.0.0.1 whose targets change while it runs: `route(ports)` sets the
 * rotation for new requests (requests in flight finish where they are, as a draining target's
 * do); a request to a target that fails is answered 502, as an ALB does.
 */
export async function startMutableAlb(ports: number[]): Promise<{
  url: string;
  route: (ports: number[]) => void;
  close: () => Promise<void>;
}> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let rotation = [...ports];
  let next = 0;
  const server = createServer((req, res) => {
    const port = rotation[next % rotation.length];
    next += 1;
    const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'content-type': 'text/plain' });
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('502 Bad Gateway\n');
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hostname`,
    route: (next) => {
      rotation = [...next];
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
