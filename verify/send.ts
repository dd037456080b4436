import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import { backendIdOf, classifyError } from './classify.js';
import type { ConnectTo, Outcome } from './types.js';

/** Where requests go: the origin to connect to, and the path and Host header to send. */
export type Target = { origin: string; path: string; host: string; servername: string };

/**
 * Splits a URL into what `sendOne` needs. The connection goes to `to` (a load balancer node's
 * address, or a `--connect-to` override) while Host and SNI stay the URL's.
 */
export function targetOf(url: string, to?: ConnectTo): Target {
  const parsed = new URL(url);
  const origin = to ? `${parsed.protocol}//${formatHost(to.host)}:${to.port}` : parsed.origin;
  return { origin, path: `${parsed.pathname}${parsed.search}`, host: parsed.host, servername: parsed.hostname };
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Cookies an ALB sets for stickiness: `AWSALB` (lb_cookie), `AWSALBAPP-n` (app_cookie), their CORS twins. */
const STICKY = /^\s*(AWSALB[A-Z-]*\d*)=/;

/** The first stickiness cookie among the answer's Set-Cookie headers, if any. */
export function stickyCookieOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers['set-cookie'];
  if (raw === undefined) return undefined;
  for (const cookie of Array.isArray(raw) ? raw : [raw]) {
    const name = STICKY.exec(cookie)?.[1];
    if (name) return name;
  }
  return undefined;
}

/**
 * A keep-alive pool to one node (up to one connection per worker, so every worker reuses its
 * socket); with requests rotating over n nodes each holds about concurrency / n connections.
 */
export function createPool(target: Target, connections: number): Pool {
  return new Pool(target.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    connect: target.servername ? { servername: target.servername } : undefined,
  });
}

export type SendSettings = { timeoutMs: number; hostnameRegex?: RegExp };

/** Bytes of a body kept to find the backend id in; the rest is read and dropped. */
export const MAX_BODY_BYTES = 64 * 1024;

const HEADERS = { 'user-agent': 'ecs-alb-wizard-verify' };

/**
 * Sends one GET and turns whatever happens into an `Outcome`. Uses undici's `dispatch` with a
 * plain handler rather than `request()`: no response stream or promise per body, which keeps
 * the verifier close to a raw load generator. Every body is read to its end, so the
 * connection goes back to the pool.
 */
export function sendOne(dispatcher: Dispatcher, target: Target, settings: SendSettings): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let status = 0;
    let sticky: string | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;
    const handler: Dispatcher.DispatchHandler = {
      // Its presence tells undici this handler speaks the controller API.
      onRequestStart() {},
      onResponseStart(_controller, statusCode, headers) {
        status = statusCode;
        sticky = stickyCookieOf(headers);
      },
      onResponseData(_controller, chunk) {
        if (status < 200 || status > 299 || kept >= MAX_BODY_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      },
      onResponseEnd() {
        const latencyMs = performance.now() - started;
        if (status < 200 || status > 299) return resolve({ kind: 'error', error: 'status', status, latencyMs });
        const body = chunks.length === 1 ? (chunks[0] ?? Buffer.alloc(0)) : Buffer.concat(chunks);
        const id = backendIdOf(body.toString('utf8', 0, Math.min(body.length, MAX_BODY_BYTES)), settings.hostnameRegex);
        if (id === undefined) return resolve({ kind: 'error', error: 'no-id', latencyMs });
        resolve(sticky === undefined ? { kind: 'ok', id, latencyMs } : { kind: 'ok', id, latencyMs, sticky });
      },
      onResponseError(_controller, error) {
        resolve({ kind: 'error', ...classifyError(error) });
      },
    };
    try {
      dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: 'GET',
          headers: { ...HEADERS, host: target.host },
          headersTimeout: settings.timeoutMs,
          bodyTimeout: settings.timeoutMs,
        },
        handler,
      );
    } catch (error) {
      resolve({ kind: 'error', ...classifyError(error) });
    }
  });
}
