import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { EcsService } from '../contracts.js';
import type { Faults } from '../faults.js';
import type { SsmHandler } from '../ssm/index.js';
import type { QueryService } from '../wire/query-protocol.js';
import { serveJson, type JsonService } from './json-route.js';
import { pickService, serveQuery } from './query-route.js';
import { sendJson } from './respond.js';
import { serveSandboxRoute, type SandboxRoutes } from './sandbox-routes.js';

/** What the front serves: the seven services plus the `/_sandbox/*` routes. */
export type FrontDeps = {
  query: QueryService[];
  ecs: EcsService;
  ssm: Record<string, SsmHandler>;
  faults: Faults;
  routes: SandboxRoutes;
  log: (line: string) => void;
};

const MAX_BODY = 10 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** ECS (`AmazonEC2ContainerServiceV20141113.<Op>`): the ECS part answers unknown operations itself. */
function ecsService(ecs: EcsService): JsonService {
  return {
    id: 'ecs',
    label: 'ECS',
    prefix: 'AmazonEC2ContainerServiceV20141113.',
    internalError: 'ServerException',
    operation: (name) => (input) => ecs.handle(name, input),
  };
}

/** SSM (`AmazonSSM.<Op>`), its operation found among the handlers. */
const ssmService: Omit<JsonService, 'operation'> = {
  id: 'ssm',
  label: 'SSM',
  prefix: 'AmazonSSM.',
  internalError: 'InternalServerError',
};

function ssmOperation(handlers: Record<string, SsmHandler>): JsonService['operation'] {
  return (name) => (Object.hasOwn(handlers, name) ? handlers[name] : undefined);
}

async function dispatch(deps: FrontDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (url.pathname.startsWith('/_sandbox/')) return serveSandboxRoute(deps.routes, req.method ?? 'GET', url, body, res);
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const service = target.startsWith(ssmService.prefix)
      ? { ...ssmService, operation: ssmOperation(deps.ssm) }
      : ecsService(deps.ecs);
    return serveJson(service, target, body, res, deps.faults, deps.log);
  }
  const params = new URLSearchParams(req.method === 'POST' ? body : url.search);
  if (params.has('Action')) {
    const service = pickService(deps.query, params, req.headers);
    if (service) return serveQuery(service, params, res, deps.faults, deps.log);
    return sendJson(res, 400, {
      __type: 'InvalidAction',
      message: `No service of the sandbox speaks Version '${params.get('Version') ?? ''}'`,
    });
  }
  sendJson(res, 404, {
    __type: 'NotFound',
    message: `No route for ${req.method ?? 'GET'} ${url.pathname}. The sandbox serves AWS API calls (POST) and /_sandbox/inventory, /_sandbox/resolve, /_sandbox/faults.`,
  });
}

/** The sandbox's single HTTP server: every service on one port, 127.0.0.1 only. */
export function createFront(deps: FrontDeps): Server {
  return createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    dispatch(deps, req, res).catch((error: unknown) => {
      deps.log(`request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent)
        sendJson(res, 500, {
          __type: 'InternalFailure',
          message: error instanceof Error ? error.message : String(error),
        });
      else res.destroy();
    });
  });
}
