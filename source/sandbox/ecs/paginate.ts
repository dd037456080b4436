import { ecsErrors } from './errors.js';
import type { Input } from './input.js';

/** ECS's list limits: `defaultSize` when maxResults is absent, 1..`maxSize` otherwise. */
export type PageLimits = { defaultSize: number; maxSize: number };

/**
 * One page of `items` for `nextToken` / `maxResults`, as ECS List* calls return them. The token is
 * opaque to callers (base64 of an offset); a token ECS did not hand out is rejected.
 */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
  limits: PageLimits,
): { page: T[]; nextToken?: string } {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > limits.maxSize)) {
    throw ecsErrors.invalidParameter(`maxResults must be between 1 and ${limits.maxSize}.`);
  }
  const size = maxResults ?? limits.defaultSize;
  const start = nextToken === undefined ? 0 : decodeToken(nextToken);
  const page = items.slice(start, start + size);
  const end = start + page.length;
  return end < items.length ? { page, nextToken: encodeToken(end) } : { page };
}

/** `paginate` with the request's own `maxResults` and `nextToken`; most ECS lists allow 1-100, 100 by default. */
export function paginateInput<T>(
  items: readonly T[],
  input: Input,
  limits: PageLimits = { defaultSize: 100, maxSize: 100 },
): { page: T[]; nextToken?: string } {
  return paginate(items, input.optionalInteger('maxResults'), input.optionalString('nextToken'), limits);
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64');
}

function decodeToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) {
      return parsed.offset;
    }
  } catch {
    // fall through to the error ECS sends for a token it did not issue
  }
  throw ecsErrors.invalidParameter('Invalid nextToken.');
}
