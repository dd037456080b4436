import type { Runtime } from '../runtime.js';
import { bindHandler, type QueryHandler } from '../wire/query-protocol.js';
import { instanceProfileOperations } from './instance-profiles.js';
import { roleOperations } from './roles.js';

type Operations = Record<string, (rt: Runtime, input: never) => unknown>;

function bindAll(rt: Runtime, operations: Operations): Record<string, QueryHandler> {
  return Object.fromEntries(Object.entries(operations).map(([name, fn]) => [name, bindHandler(rt, fn)]));
}

/**
 * The IAM operations the sandbox serves (awsQuery 2010-05-08): roles with tags and AWS managed
 * policies, service-linked roles, and instance profiles. The seed has no roles.
 */
export function iamHandlers(rt: Runtime): Record<string, QueryHandler> {
  return bindAll(rt, { ...roleOperations, ...instanceProfileOperations });
}

/** The STS operations the sandbox serves (awsQuery 2011-06-15): who is calling. */
export function stsHandlers(rt: Runtime): Record<string, QueryHandler> {
  return {
    GetCallerIdentity: () => ({
      UserId: 'AIDASANDBOXUSER00000',
      Account: rt.accountId,
      Arn: `arn:aws:iam::${rt.accountId}:user/sandbox`,
    }),
  };
}
