/**
 * Pure format checks, each given the flag it names in its message. The answer table binds every
 * answer to one of them; checks that need AWS's answers (does the cluster exist, subnets in two
 * AZs) live in the steps' `validate`.
 */
export type FormatCheck = (value: string, flag: string) => string | undefined;

/** A whole number from `min` to `max`, e.g. `a port 1-65535`. */
export function integerIn(min: number, max: number, what = 'an integer'): FormatCheck {
  return (value, flag) => {
    if (!/^\d+$/.test(value.trim())) return `${flag} must be ${what} ${min}-${max}, got '${value}'`;
    const n = Number(value);
    return n < min || n > max ? `${flag} must be ${what} ${min}-${max}, got ${n}` : undefined;
  };
}

/**
 * A whole number of tasks from 1 to `max`; above `max`, the problem also says where the limit
 * comes from (`why`), since it is AWS's and not a format rule.
 */
export function taskCountIn(max: number, why: string): FormatCheck {
  return (value, flag) => {
    const text = value.trim();
    if (!/^\d+$/.test(text)) return `${flag} must be a whole number of tasks from 1 to ${max}, got '${value}'`;
    const n = Number(text);
    if (n < 1) return `${flag} must be a whole number of tasks from 1 to ${max}, got ${n}`;
    return n > max ? `${flag} must be at most ${max} tasks, got ${n}: ${why}` : undefined;
  };
}

/** `a-b` with 1 <= a <= b <= 65535. */
export function parsePortRange(value: string): { from: number; to: number } | undefined {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : undefined;
}

function isIpv4Cidr(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value.trim());
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(match[5]) <= 32;
}

export const clusterName: FormatCheck = (v, flag) =>
  /^[a-zA-Z0-9_-]{1,255}$/.test(v)
    ? undefined
    : `${flag} must be an ECS cluster name (letters, digits, - and _), got '${v}'`;

export const subnetIds: FormatCheck = (v, flag) => {
  const ids = v.split(',').map((s) => s.trim());
  const bad = ids.find((id) => !/^subnet-[0-9a-f]{8,17}$/.test(id));
  if (bad !== undefined) return `${flag} must be comma-separated subnet ids (subnet-0abc...), got '${bad}'`;
  return ids.length < 2 ? `${flag} needs at least two subnets in different Availability Zones` : undefined;
};

export const ipv4Cidr: FormatCheck = (v, flag) =>
  isIpv4Cidr(v) ? undefined : `${flag} must be an IPv4 CIDR such as 0.0.0.0/0 or 203.0.113.0/24, got '${v}'`;

export const hostPortRange: FormatCheck = (v, flag) => {
  const range = parsePortRange(v);
  if (!range) return `${flag} must be FROM-TO with 1 <= FROM <= TO <= 65535, got '${v}'`;
  return range.from < 1024
    ? `${flag} must start at 1024 or above (dynamic ports are ephemeral), got ${range.from}`
    : undefined;
};

export const urlPath: FormatCheck = (v, flag) =>
  v.startsWith('/') && v.length <= 1024 && !/\s/.test(v)
    ? undefined
    : `${flag} must start with / and have no spaces (max 1024), got '${v}'`;

/** One of a few words, e.g. `internet-facing or internal`. */
export function oneOf(...values: string[]): FormatCheck {
  return (v, flag) => (values.includes(v) ? undefined : `${flag} must be ${values.join(' or ')}, got '${v}'`);
}

export const pathPattern: FormatCheck = (v, flag) =>
  v.length >= 1 && v.length <= 128 && /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/.test(v)
    ? undefined
    : `${flag} must be 1-128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?, got '${v}'`;

export const imageReference: FormatCheck = (v, flag) =>
  /^[^\s]{1,255}$/.test(v) ? undefined : `${flag} must be an image reference without spaces, got '${v}'`;

/**
 * An EC2 instance type as `family.size`: the family a letter series, a generation digit and
 * attribute letters (t3, t4g, m7gd, c6in), the size letters and digits (small, xlarge, 2xlarge,
 * metal-48xl). Whether the account and region offer it is EC2's to say when the group launches.
 */
export const instanceType: FormatCheck = (v, flag) =>
  /^[a-z]+\d+[a-z-]*\.[a-z0-9-]+$/.test(v)
    ? undefined
    : `${flag} must be an EC2 instance type such as t3.small or t4g.small (family, generation digit, options, '.', size), got '${v}'`;

/**
 * The CPU architecture of an instance type: Graviton (arm64) when the family has `g` right after
 * its generation digit (t4g, m7g, c6gn, r8gd), else x86_64. The AMI must match it.
 */
export function architectureOf(type: string): 'arm64' | 'x86_64' {
  return /^[a-z]+\d+g/.test(type) ? 'arm64' : 'x86_64';
}

/** `true` or `false`: what a boolean flag such as `--create-cluster` stores. */
export const booleanWord: FormatCheck = (v, flag) =>
  v === 'true' || v === 'false' ? undefined : `${flag} takes no value (true or false when saved), got '${v}'`;
