/** The cookie an ALB issues for load balancer cookie stickiness (and its copy for CORS requests). */
export const STICKY_COOKIE = 'AWSALB';
const CORS_COOKIE = 'AWSALBCORS';

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * The target (`id:port`) a request's `AWSALB` (or `AWSALBCORS`) cookie pins it to for this target
 * group, or undefined: no cookie, a cookie of another group, an expired or unreadable one. The value
 * is opaque to clients, as AWS's is: the group, the target and when the cookie expires.
 */
export function stickyTarget(
  cookieHeader: string | undefined,
  targetGroupArn: string,
  now: number,
): string | undefined {
  const value = cookieValue(cookieHeader, STICKY_COOKIE) ?? cookieValue(cookieHeader, CORS_COOKIE);
  if (!value) return undefined;
  const [group, key, expires] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (group !== targetGroupArn || !key || !(Number(expires) > now)) return undefined;
  return key;
}

/** The `Set-Cookie` values that pin the client to `key` for `durationMs` (refreshed on every answer). */
export function stickyCookies(targetGroupArn: string, key: string, now: number, durationMs: number): string[] {
  const expires = now + durationMs;
  const value = Buffer.from(`${targetGroupArn}|${key}|${expires}`, 'utf8').toString('base64url');
  const date = new Date(expires).toUTCString();
  return [
    `${STICKY_COOKIE}=${value}; Expires=${date}; Path=/`,
    `${CORS_COOKIE}=${value}; Expires=${date}; Path=/; SameSite=None; Secure`,
  ];
}
