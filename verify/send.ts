import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import { backendIdOf, classifyError } from './classify.js';
import type { ConnectTo, Outcome } from './types.js';

/** Where requests go: the origin to connect to, and the path and Host header to send. */
export type Target = { origin: string; path: string; host: string; servername: string };

/** Splits a URL into what `sendOne` needs, honouring a `--connect-to` override. */
export function targetOf(url: string, connectTo?: ConnectTo): Target {
  const parsed = new URL(url);
  const origin = connectTo ? `${parsed.protocol}//${formatHost(connectTo.host)}:${connectTo.port}` : parsed.origin;
  return { origin, path: `${parsed.pathname}${parsed.search}`, host: parsed.host, servername: parsed.hostname };
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** A keep-alive pool with one connection per worker, so every worker reuses its socket. */
export function createPool(target: Target, connections: number): Pool {
  return new Pool(target.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    connect: target.servername ? { servername: target.servername } : undefined,
  });
}

export type SendSettings = { timeoutMs: number; hostnameRegex?: RegExp };

/**
 * Sends one GET and turns whatever happens into an `Outcome`. The body is always consumed (read
 * for 2xx, dumped otherwise) so the connection goes back to the pool.
 */
export async function sendOne(dispatcher: Dispatcher, target: Target, settings: SendSettings): Promise<Outcome> {
  const started = performance.now();
  try {
    const response = await dispatcher.request({
      origin: target.origin,
      path: target.path,
      method: 'GET',
      headers: { host: target.host, 'user-agent': 'ecs-alb-wizard-verify' },
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
    });
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump();
      return { kind: 'error', error: 'status', status: response.statusCode, latencyMs: performance.now() - started };
    }
    const body = await response.body.text();
    const latencyMs = performance.now() - started;
    const id = backendIdOf(body, settings.hostnameRegex);
    return id === undefined ? { kind: 'error', error: 'no-id', latencyMs } : { kind: 'ok', id, latencyMs };
  } catch (error) {
    return { kind: 'error', ...classifyError(error) };
  }
}
