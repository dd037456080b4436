import type { ServerResponse } from 'node:http';
import type { LoadBalancerNode } from '../../model/load-balancer.js';
import type { FaultSpec, Faults } from '../faults.js';
import type { Inventory } from '../world.js';
import { sendJson } from './respond.js';

/** What the `/_sandbox/*` routes expose. */
export type SandboxRoutes = {
  info(): Record<string, unknown>;
  inventory(): Inventory;
  seedInventory(): Inventory | undefined;
  resolve(host: string, port: number): LoadBalancerNode[];
  faults: Faults;
};

/**
 * - `GET /_sandbox/info`: endpoint, region, account, pid, time scale
 * - `GET /_sandbox/inventory` (and `/_sandbox/seed-inventory`): every live resource by service
 * - `GET /_sandbox/resolve?host=DNS&port=80`: `{ nodes }`, the load balancer's nodes for that
 *   listener (address, port, zone), as its name resolves; no nodes for an unknown name
 * - `GET|POST|DELETE /_sandbox/faults`: list, add (one spec or an array), clear; task faults
 *   (`task-crash`, `stop-without-draining`, `close-on-stop`, `task-latency`, `revision-unhealthy`)
 *   apply at once and are not listed; a spec that cannot apply is a 400 naming why; DELETE also
 *   disarms the task faults and heals unhealthy revisions (a crashed task stays crashed)
 */
export function serveSandboxRoute(
  routes: SandboxRoutes,
  method: string,
  url: URL,
  body: string,
  res: ServerResponse,
): void {
  const route = `${method} ${url.pathname}`;
  switch (route) {
    case 'GET /_sandbox/info':
      return sendJson(res, 200, routes.info());
    case 'GET /_sandbox/inventory':
      return sendJson(res, 200, routes.inventory());
    case 'GET /_sandbox/seed-inventory':
      return sendJson(res, 200, routes.seedInventory() ?? {});
    case 'GET /_sandbox/resolve': {
      const host = url.searchParams.get('host') ?? '';
      const port = Number(url.searchParams.get('port') ?? '80');
      if (!host || !Number.isInteger(port) || port < 1 || port > 65535)
        return sendJson(res, 400, {
          __type: 'ValidationError',
          message: `resolve needs ?host=DNSNAME&port=1-65535, got host '${host}' port '${url.searchParams.get('port') ?? ''}'`,
        });
      return sendJson(res, 200, { nodes: routes.resolve(host, port) });
    }
    case 'GET /_sandbox/faults':
      return sendJson(res, 200, { faults: routes.faults.list() });
    case 'POST /_sandbox/faults': {
      try {
        const parsed = JSON.parse(body) as FaultSpec | FaultSpec[];
        for (const spec of Array.isArray(parsed) ? parsed : [parsed]) routes.faults.add(spec);
      } catch (error) {
        return sendJson(res, 400, {
          __type: 'ValidationError',
          message: `bad fault: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      return sendJson(res, 200, { faults: routes.faults.list() });
    }
    case 'DELETE /_sandbox/faults':
      routes.faults.clear();
      return sendJson(res, 200, { faults: [] });
    default:
      return sendJson(res, 404, { __type: 'NotFound', message: `No sandbox route ${route}` });
  }
}
