import type { SandboxError } from '../contracts.js';
import { encodeXmlMembers, escapeXml } from './xml-encode.js';

/** A handler for one query operation: SDK-shaped input in, SDK-shaped output out. */
export type QueryHandler = (input: Record<string, unknown>) => unknown;

/** One awsQuery / ec2Query service as the front serves it. */
export type QueryService = {
  id: 'sts' | 'iam' | 'elbv2' | 'ec2' | 'autoscaling';
  version: string;
  xmlns: string;
  /** ec2Query (flattened lists, lowerCamel XML, `<Response><Errors>` errors) vs awsQuery. */
  ec2: boolean;
  /** The SDK client module: its exported `<Op>$` operation schemas drive decoding and encoding. */
  sdk: Record<string, unknown>;
  handlers: Record<string, QueryHandler>;
};

/** The input and output schemas of one operation, read from the SDK client's exports. */
export function operationSchemas(
  sdk: Record<string, unknown>,
  operation: string,
): { input: unknown; output: unknown } | undefined {
  const schema = sdk[`${operation}$`];
  if (!Array.isArray(schema) || schema[0] !== 9) return undefined;
  return { input: schema[4], output: schema[5] };
}

/** The success body AWS sends for `operation`. */
export function querySuccessXml(service: QueryService, operation: string, output: unknown, requestId: string): string {
  const schemas = operationSchemas(service.sdk, operation);
  const body =
    schemas && output && typeof output === 'object'
      ? encodeXmlMembers(schemas.output, output as Record<string, unknown>)
      : '';
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${service.xmlns}">`;
  if (service.ec2) return `${head}<requestId>${requestId}</requestId>${body}</${operation}Response>`;
  return `${head}<${operation}Result>${body}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
}

/** The error body AWS sends: `<ErrorResponse>` (awsQuery) or `<Response><Errors>` (ec2Query). */
export function queryErrorXml(service: QueryService, error: SandboxError, requestId: string): string {
  const code = escapeXml(error.code);
  const message = escapeXml(error.message);
  if (service.ec2) {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  }
  const type = error.status >= 500 ? 'Receiver' : 'Sender';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${service.xmlns}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
}

/** Binds a handler written against the SDK's input type to the front's untyped decoded input. */
export function bindHandler<C, I>(ctx: C, fn: (ctx: C, input: I) => unknown): QueryHandler {
  return (input) => fn(ctx, input as I);
}
