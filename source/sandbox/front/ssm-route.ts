import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxError } from '../contracts.js';
import type { Faults } from '../faults.js';
import { requestId } from '../ids.js';
import type { SsmHandler } from '../ssm/index.js';
import { loseAnswer, sendJson } from './respond.js';

/** The `X-Amz-Target` prefix of SSM (awsJson1_1). */
export const SSM_PREFIX = 'AmazonSSM.';

/** Serves one SSM JSON 1.1 call (`X-Amz-Target: AmazonSSM.<Op>`). */
export async function serveSsm(
  target: string,
  body: string,
  res: ServerResponse,
  handlers: Record<string, SsmHandler>,
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
  const operation = target.slice(SSM_PREFIX.length);
  const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
  if (!handler)
    return fail(new SandboxError('UnknownOperationException', `The sandbox does not implement SSM ${operation}.`));
  let input: Record<string, unknown>;
  try {
    input = body.trim() === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return fail(new SandboxError('SerializationException', 'Start of structure or map found where not expected'));
  }
  const effect = faults.take('ssm', operation);
  if (effect.latencyMs > 0) await sleep(effect.latencyMs);
  if (effect.error) return fail(effect.error);
  try {
    const output = handler(input);
    if (effect.loseAnswer) return loseAnswer(res);
    sendJson(res, 200, output ?? {}, headers);
  } catch (error) {
    if (effect.loseAnswer) return loseAnswer(res);
    if (error instanceof SandboxError) return fail(error);
    log(`SSM ${operation} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    fail(new SandboxError('InternalServerError', `SSM ${operation} failed in the sandbox: ${String(error)}`, 500));
  }
}
