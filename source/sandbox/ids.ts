import { randomBytes, randomInt } from 'node:crypto';

/** `count` random lowercase hex digits. */
export function hex(count: number): string {
  return randomBytes(Math.ceil(count / 2))
    .toString('hex')
    .slice(0, count);
}

/** An EC2-style id: `sg-0` + 16 hex digits, like today's 17-character ids. */
export function ec2Id(prefix: string): string {
  return `${prefix}-0${hex(16)}`;
}

/** `count` random decimal digits, the first not zero. */
export function digits(count: number): string {
  let out = String(randomInt(1, 10));
  while (out.length < count) out += String(randomInt(0, 10));
  return out;
}

/** An AWS-style request id (a UUID). */
export function requestId(): string {
  return crypto.randomUUID();
}
