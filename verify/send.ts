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
    const chunks: Buffer[] = [];
    let kept = 0;
    const handler: Dispatcher.DispatchHandler = {
      // Its presence tells undici this handler speaks the controller API.
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
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
        resolve(id === undefined ? { kind: 'error', error: 'no-id', latencyMs } : { kind: 'ok', id, latencyMs });
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
