import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from '../contracts.js';
import type { Faults } from '../faults.js';
import { requestId } from '../ids.js';
import { decodeQuery } from '../wire/query-decode.js';
import { operationSchemas, queryErrorXml, querySuccessXml, type QueryService } from '../wire/query-protocol.js';
import { loseAnswer, sendXml } from './respond.js';

/** The SigV4 credential scope's service name, e.g. `elasticloadbalancing`. */
function signedService(headers: IncomingHttpHeaders): string | undefined {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(headers.authorization ?? '')?.[1];
}

const signingNames: Record<string, QueryService['id']> = {
  elasticloadbalancing: 'elbv2',
  ec2: 'ec2',
  iam: 'iam',
  sts: 'sts',
  autoscaling: 'autoscaling',
};

/** Picks the service by `Version` (or, failing that, by the request's signing scope). */
export function pickService(
  services: QueryService[],
  params: URLSearchParams,
  headers: IncomingHttpHeaders,
): QueryService | undefined {
  const version = params.get('Version');
  const byVersion = services.find((s) => s.version === version);
  if (byVersion) return byVersion;
  const signed = signingNames[signedService(headers) ?? ''];
  return services.find((s) => s.id === signed);
}

/** Serves one awsQuery / ec2Query call. */
export async function serveQuery(
  service: QueryService,
  params: URLSearchParams,
  res: ServerResponse,
  faults: Faults,
  log: (line: string) => void,
): Promise<void> {
  const id = requestId();
  const operation = params.get('Action') ?? '';
  const fail = (error: SandboxError) => sendXml(res, error.status, queryErrorXml(service, error, id), id);
  const handler = Object.hasOwn(service.handlers, operation) ? service.handlers[operation] : undefined;
  const schemas = operationSchemas(service.sdk, operation);
  if (!handler || !schemas) {
    return fail(
      new SandboxError(
        'InvalidAction',
        `The action ${operation || '(none)'} is not valid for this web service (the sandbox does not implement it).`,
      ),
    );
  }
  const effect = faults.take(service.id, operation);
  if (effect.latencyMs > 0) await sleep(effect.latencyMs);
  if (effect.error) return fail(effect.error);
  try {
    const output = await handler(decodeQuery(schemas.input, params, service.ec2));
    if (effect.loseAnswer) return loseAnswer(res);
    sendXml(res, 200, querySuccessXml(service, operation, output, id), id);
  } catch (error) {
    if (effect.loseAnswer) return loseAnswer(res);
    if (error instanceof SandboxError) return fail(error);
    log(
      `${service.id} ${operation} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    fail(
      new SandboxError(
        'InternalFailure',
        `${operation} failed in the sandbox: ${error instanceof Error ? error.message : String(error)}`,
        500,
      ),
    );
  }
}
