import { type Agent, type IncomingMessage, type ServerResponse, request } from 'node:http';
import { sendAlbError } from './alb-responses.js';

/** Hop-by-hop headers a proxy must not forward. */
const hopHeaders = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

export type ProxyOptions = {
  agent: Agent;
  port: number;
  listenerPort: number;
  /** Real ms without a byte from the target before the load balancer answers 504. */
  idleTimeoutMs: number;
  /** `Set-Cookie` values the load balancer adds to the target's own (stickiness). */
  setCookies?: string[];
};

/**
 * Forwards one request to 127.0.0.1:port over the keep-alive agent and streams the answer back.
 * Connection refused or reset → 502; no answer within the idle timeout → 504, as an ALB does.
 * A GET that hits a stale pooled connection is retried once on a fresh one.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, options: ProxyOptions): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined && !hopHeaders.has(name)) headers[name] = value;
  const client = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-for'] =
    typeof req.headers['x-forwarded-for'] === 'string' ? `${req.headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-port'] = String(options.listenerPort);
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
  const replayable = req.method === 'GET' || req.method === 'HEAD';

  const attempt = (mayRetry: boolean): void => {
    let timedOut = false;
    const upstream = request({
      host: '127.0.0.1',
      port: options.port,
      method: req.method,
      path: req.url,
      headers,
      agent: options.agent,
    });
    upstream.setTimeout(options.idleTimeoutMs, () => {
      timedOut = true;
      upstream.destroy();
    });
    upstream.on('response', (answer) => {
      answer.on('error', () => res.destroy());
      const cookies = options.setCookies ?? [];
      const headers =
        cookies.length === 0
          ? answer.headers
          : { ...answer.headers, 'set-cookie': [...(answer.headers['set-cookie'] ?? []), ...cookies] };
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!timedOut && mayRetry && replayable && upstream.reusedSocket && !res.headersSent) {
        attempt(false);
        return;
      }
      sendAlbError(res, timedOut ? 504 : 502);
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (replayable) upstream.end();
    else req.pipe(upstream);
  };
  attempt(true);
}
