import type { LoadBalancerNode } from '../model/load-balancer.js';

/** How long a question to a sandbox's `/_sandbox/*` routes may take. */
const TIMEOUT_MS = 3000;

/** GET a sandbox route and read its JSON answer (rejects on no answer or a body that is not JSON). */
export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, body: await response.json() };
}

/**
 * Asks the sandbox at `endpoint` (`GET /_sandbox/resolve`) for a load balancer's nodes. None when
 * the endpoint answers otherwise, as one that is not a sandbox does (404, not JSON, no answer
 * within the timeout): the caller then goes by DNS, as for any other endpoint.
 */
export async function resolveOver(endpoint: string, host: string, port: number): Promise<LoadBalancerNode[]> {
  const url = `${endpoint.replace(/\/+$/, '')}/_sandbox/resolve?host=${encodeURIComponent(host)}&port=${port}`;
  const answer = await getJson(url).catch(() => undefined);
  const nodes = (answer?.body as { nodes?: unknown } | undefined)?.nodes;
  return answer?.status === 200 && Array.isArray(nodes) ? (nodes as LoadBalancerNode[]) : [];
}
