import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from '../contracts.js';
import type { Faults, ServiceId } from '../faults.js';
import { requestId } from '../ids.js';
import { loseAnswer, sendJson } from './respond.js';

/** A service on the awsJson1_1 protocol: the operation comes from `X-Amz-Target: <prefix><Op>`. */
export type JsonService = {
  id: Extract<ServiceId, 'ecs' | 'ssm'>;
  /** How logs and messages name it, e.g. `ECS`. */
  label: string;
  prefix: string;
  /** The code of an unexpected failure: ECS sends `ServerException`, SSM `InternalServerError`. */
  internalError: string;
  /** Performs one operation; undefined when the sandbox does not implement it. Throws SandboxError. */
  operation(name: string): ((input: Record<string, unknown>) => unknown) | undefined;
};

/**
 * Serves one awsJson1_1 call: errors as `{__type, message}` with `x-amzn-errortype`, the call's
 * faults (latency, error, a lost answer) applied as for every other service.
 */
export async function serveJson(
  service: JsonService,
  target: string,
  body: string,
  res: ServerResponse,
  faults: Faults,
  log: (line: string) => void,
): Promise<void> {
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId() };
  const fail = (error: SandboxError) =>
    sendJson(
      res,
      error.status,
      { __type: error.code, message: error.message },
      { ...headers, 'x-amzn-errortype': error.code },
    );
  const name = target.startsWith(service.prefix) ? target.slice(service.prefix.length) : undefined;
  const run = name === undefined ? undefined : service.operation(name);
  if (name === undefined || !run)
    return fail(
      new SandboxError(
        'UnknownOperationException',
        name === undefined
          ? `Unknown operation ${target}`
          : `The sandbox does not implement the ${service.label} operation ${name}.`,
      ),
    );
  let input: Record<string, unknown>;
  try {
    input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return fail(new SandboxError('SerializationException', 'Start of structure or map found where not expected'));
  }
  const effect = faults.take(service.id, name);
  if (effect.latencyMs > 0) await sleep(effect.latencyMs);
  if (effect.error) return fail(effect.error);
  try {
    const output = await run(input);
    if (effect.loseAnswer) return loseAnswer(res);
    sendJson(res, 200, output ?? {}, headers);
  } catch (error) {
    if (effect.loseAnswer) return loseAnswer(res);
    if (error instanceof SandboxError) return fail(error);
    const why = error instanceof Error ? error.message : String(error);
    log(`${service.label} ${name} failed: ${error instanceof Error ? (error.stack ?? why) : why}`);
    fail(new SandboxError(service.internalError, `${service.label} ${name} failed in the sandbox: ${why}`, 500));
  }
}
