import { SandboxError } from './contracts.js';

/**
 * One page of `items` after `token`, at most `size` long, and the token of the next page
 * (undefined on the last page). Tokens are opaque to clients, as AWS's are.
 */
export function paginate<T>(
  items: T[],
  token: string | undefined,
  size: number | undefined,
  limit = { min: 1, max: 1000 },
): { page: T[]; next?: string } {
  let start = 0;
  if (token) {
    const decoded = Number(Buffer.from(token, 'base64url').toString('utf8').replace(/^p:/, ''));
    if (!Number.isInteger(decoded) || decoded < 0)
      throw new SandboxError('InvalidParameterValue', `Invalid pagination token: ${token}`);
    start = decoded;
  }
  const pageSize = size ?? limit.max;
  if (pageSize < limit.min || pageSize > limit.max) {
    throw new SandboxError('ValidationError', `Page size must be between ${limit.min} and ${limit.max}`);
  }
  const page = items.slice(start, start + pageSize);
  const end = start + page.length;
  return { page, next: end < items.length ? Buffer.from(`p:${end}`).toString('base64url') : undefined };
}
