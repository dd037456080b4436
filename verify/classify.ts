import type { ErrorKind } from './types.js';

/**
 * The backend id in a response body: the first group of `pattern` when given (the whole match
 * if it has no group), else the trimmed body. Undefined when the pattern does not match or the
 * body is empty.
 */
export function backendIdOf(body: string, pattern?: RegExp): string | undefined {
  if (!pattern) {
    const id = body.trim();
    return id === '' ? undefined : id;
  }
  const match = pattern.exec(body);
  if (!match) return undefined;
  const id = (match[1] ?? match[0]).trim();
  return id === '' ? undefined : id;
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED']);

/** Sorts a failed request's error into a kind, looking through `cause` chains and aggregates. */
export function classifyError(error: unknown): { error: ErrorKind; code?: string } {
  const codes = collectCodes(error, 0);
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return { error: 'timeout' };
  if (codes.includes('ECONNREFUSED')) return { error: 'refused' };
  if (codes.some((code) => RESET_CODES.has(code))) return { error: 'reset' };
  return { error: 'other', code: codes[0] ?? (error instanceof Error ? error.name : undefined) };
}

function collectCodes(error: unknown, depth: number): string[] {
  if (depth > 4 || typeof error !== 'object' || error === null) return [];
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof record.code === 'string' ? [record.code] : [];
  const nested = Array.isArray(record.errors) ? record.errors.flatMap((e) => collectCodes(e, depth + 1)) : [];
  return [...own, ...nested, ...collectCodes(record.cause, depth + 1)];
}
