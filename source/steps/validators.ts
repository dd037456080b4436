import type { AnswerKey, Answers } from '../model/answers.js';

/** The flag that answers each question. */
export const answerFlags: Record<AnswerKey, string> = {
  cluster: '--cluster',
  subnets: '--subnets',
  listenerPort: '--listener-port',
  allowCidr: '--allow-cidr',
  hostPortRange: '--host-port-range',
  healthCheckPath: '--health-check-path',
  deregistrationDelay: '--deregistration-delay',
  scheme: '--scheme',
  pathPattern: '--path-pattern',
  containerPort: '--container-port',
  image: '--image',
  memory: '--memory',
  desiredCount: '--desired-count',
  scaleTo: '--scale-to',
};

function integer(value: string, flag: string, min: number, max: number, what = 'an integer'): string | undefined {
  if (!/^\d+$/.test(value.trim())) return `${flag} must be ${what} ${min}-${max}, got '${value}'`;
  const n = Number(value);
  return n < min || n > max ? `${flag} must be ${what} ${min}-${max}, got ${n}` : undefined;
}

/** `a-b` with 1 <= a <= b <= 65535. */
export function parsePortRange(value: string): { from: number; to: number } | undefined {
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(value.trim());
  if (!match) return undefined;
  const from = Number(match[1]);
  const to = Number(match[2]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : undefined;
}

function ipv4Cidr(value: string): boolean {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value.trim());
  if (!match) return false;
  const octets = match.slice(1, 5).map(Number);
  return octets.every((o) => o <= 255) && Number(match[5]) <= 32;
}

/**
 * Pure format checks for every answer, the same for flags, saved answers and prompts. Checks that
 * need AWS's answers (does the cluster exist, subnets in two AZs) live in the steps' `validate`.
 */
export const validators: Record<AnswerKey, (value: string) => string | undefined> = {
  cluster: (v) => (/^[a-zA-Z0-9_-]{1,255}$/.test(v) ? undefined : `--cluster must be an ECS cluster name (letters, digits, - and _), got '${v}'`),
  subnets: (v) => {
    const ids = v.split(',').map((s) => s.trim());
    const bad = ids.find((id) => !/^subnet-[0-9a-f]{8,17}$/.test(id));
    if (bad !== undefined) return `--subnets must be comma-separated subnet ids (subnet-0abc...), got '${bad}'`;
    return ids.length < 2 ? '--subnets needs at least two subnets in different Availability Zones' : undefined;
  },
  listenerPort: (v) => integer(v, '--listener-port', 1, 65535, 'a port'),
  allowCidr: (v) => (ipv4Cidr(v) ? undefined : `--allow-cidr must be an IPv4 CIDR such as 0.0.0.0/0 or 203.0.113.0/24, got '${v}'`),
  hostPortRange: (v) => {
    const range = parsePortRange(v);
    if (!range) return `--host-port-range must be FROM-TO with 1 <= FROM <= TO <= 65535, got '${v}'`;
    return range.from < 1024 ? `--host-port-range must start at 1024 or above (dynamic ports are ephemeral), got ${range.from}` : undefined;
  },
  healthCheckPath: (v) =>
    v.startsWith('/') && v.length <= 1024 && !/\s/.test(v) ? undefined : `--health-check-path must start with / and have no spaces (max 1024), got '${v}'`,
  deregistrationDelay: (v) => integer(v, '--deregistration-delay', 0, 3600, 'a number of seconds'),
  scheme: (v) => (v === 'internet-facing' || v === 'internal' ? undefined : `--scheme must be internet-facing or internal, got '${v}'`),
  pathPattern: (v) =>
    v.length >= 1 && v.length <= 128 && /^[A-Za-z0-9_\-.$/~"'@:+&*?]+$/.test(v)
      ? undefined
      : `--path-pattern must be 1-128 characters of A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & * ?, got '${v}'`,
  containerPort: (v) => integer(v, '--container-port', 1, 65535, 'a port'),
  image: (v) => (/^[^\s]{1,255}$/.test(v) ? undefined : `--image must be an image reference without spaces, got '${v}'`),
  memory: (v) => integer(v, '--memory', 6, 30720, 'MiB'),
  desiredCount: (v) => integer(v, '--desired-count', 1, 100, 'a task count'),
  scaleTo: (v) => integer(v, '--scale-to', 1, 100, 'a task count'),
};

/** The first format problem among the given answers, naming its flag; undefined when all pass. */
export function validateAnswerFormats(answers: Answers): string | undefined {
  for (const [key, value] of Object.entries(answers) as [AnswerKey, string | undefined][]) {
    if (value === undefined) continue;
    const problem = validators[key](value);
    if (problem) return problem;
  }
  return undefined;
}
