import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError, type EcsService } from '../contracts.js';
import type { Faults } from '../faults.js';
import { requestId } from '../ids.js';
import { loseAnswer, sendJson } from './respond.js';

const PREFIX = 'AmazonEC2ContainerServiceV20141113.';

/** Serves one ECS JSON 1.1 call (`X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>`). */
export async function serveEcs(
  target: string,
  body: string,
  res: ServerResponse,
  ecs: EcsService,
  faults: Faults,
  log: (line: string) => void,
): Promise<void> {
  const id = requestId();
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id };
  const fail = (error: SandboxError) =>
    sendJson(
      res,
      error.status,
      { __type: error.code, message: error.message },
      { ...headers, 'x-amzn-errortype': error.code },
    );
  if (!target.startsWith(PREFIX))
    return fail(new SandboxError('UnknownOperationException', `Unknown operation ${target}`));
  const operation = target.slice(PREFIX.length);
  let input: Record<string, unknown>;
  try {
    input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return fail(new SandboxError('SerializationException', 'Start of structure or map found where not expected'));
  }
  const effect = faults.take('ecs', operation);
  if (effect.latencyMs > 0) await sleep(effect.latencyMs);
  if (effect.error) return fail(effect.error);
  try {
    const output = await ecs.handle(operation, input);
    if (effect.loseAnswer) return loseAnswer(res);
    sendJson(res, 200, output ?? {}, headers);
  } catch (error) {
    if (effect.loseAnswer) return loseAnswer(res);
    if (error instanceof SandboxError) return fail(error);
    log(`ECS ${operation} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    fail(
      new SandboxError(
        'ServerException',
        `ECS ${operation} failed in the sandbox: ${error instanceof Error ? error.message : String(error)}`,
        500,
      ),
    );
  }
}
