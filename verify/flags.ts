import type { ConnectTo, ExpectedBackend, VerificationInput } from './types.js';
import type { WatchInput } from './watch-types.js';

/** The verifier's command-line flags, as the CLI's parser hands them over. */
export type VerifyFlags = Record<string, string | boolean | undefined>;

export type ParsedVerifyFlags = Omit<VerificationInput, 'url'> & { url?: string };

/** A flag value that broke its rule: the one line the CLI prints before exiting with 2. */
export class FlagError extends Error {
  override name = 'FlagError';
}

const fail = (flag: string, rule: string): never => {
  throw new FlagError(`flag --${flag} ${rule}`);
};

function text(flags: VerifyFlags, flag: string): string | undefined {
  const value = flags[flag];
  if (value === undefined || typeof value === 'boolean') return undefined;
  return value;
}

function number(
  flags: VerifyFlags,
  flag: string,
  rule: { min: number; max: number; integer?: boolean; unit?: string },
) {
  const raw = text(flags, flag);
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    (rule.integer && !Number.isInteger(value)) ||
    value < rule.min ||
    value > rule.max
  ) {
    fail(flag, `must be ${kind} from ${rule.min} to ${rule.max}${rule.unit ? ` ${rule.unit}` : ''} (got '${raw}')`);
  }
  return value;
}

function url(flags: VerifyFlags): string | undefined {
  const raw = text(flags, 'url');
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return fail('url', `must be an http:// or https:// URL (got '${raw}')`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    fail('url', `must be an http:// or https:// URL (got '${raw}')`);
  // A bare host means the demo's path, as `curl ALB/hostname` in the memo.
  return /^[a-z]+:\/\/[^/?#]+$/i.test(raw) ? `${parsed.origin}/hostname` : parsed.href;
}

function expected(flags: VerifyFlags): ExpectedBackend[] | undefined {
  const raw = text(flags, 'expect');
  if (raw === undefined) return undefined;
  const ids = raw.split(',').map((id) => id.trim());
  if (ids.some((id) => id === '')) fail('expect', `must be backend ids separated by commas, none empty (got '${raw}')`);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) fail('expect', `lists '${duplicate}' twice; each backend id must be distinct`);
  return ids.map((id) => ({ id }));
}

function regex(flags: VerifyFlags): RegExp | undefined {
  const raw = text(flags, 'hostname-regex');
  if (raw === undefined) return undefined;
  try {
    return new RegExp(raw);
  } catch (error) {
    return fail(
      'hostname-regex',
      `must be a valid regular expression (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** `[HOST]:[PORT]:HOST2:PORT2` as curl takes it; HOST:PORT, when given, must match the URL. */
export function parseConnectTo(raw: string, forUrl?: string): ConnectTo {
  const match = /^(\[[^\]]*\]|[^:]*):(\d*):(\[[^\]]+\]|[^:]+):(\d+)$/.exec(raw.trim());
  const port = Number(match?.[4]);
  if (!match || port < 1 || port > 65535)
    return fail(
      'connect-to',
      `must be HOST:PORT:HOST2:PORT2, e.g. demo-alb.elb.localhost:80:127.0.0.1:4566 (got '${raw}')`,
    );
  if (forUrl && (match[1] || match[2])) {
    const target = new URL(forUrl);
    const urlPort = target.port || (target.protocol === 'https:' ? '443' : '80');
    if ((match[1] && match[1] !== target.hostname) || (match[2] && match[2] !== urlPort)) {
      fail('connect-to', `names ${match[1] || '*'}:${match[2] || '*'}, but --url is ${target.hostname}:${urlPort}`);
    }
  }
  return { host: (match[3] ?? '').replace(/^\[|\]$/g, ''), port };
}

/** Checks every verify flag; throws `FlagError` naming the first flag that breaks its rule. */
export function parseVerifyFlags(flags: VerifyFlags): ParsedVerifyFlags {
  const parsed: ParsedVerifyFlags = {
    url: url(flags),
    expected: expected(flags),
    expectCount: number(flags, 'expect-count', { min: 1, max: 10_000, integer: true }),
    concurrency: number(flags, 'concurrency', { min: 1, max: 1_000, integer: true }),
    timeoutMs: seconds(number(flags, 'timeout', { min: 0.001, max: 600, unit: 'seconds' })),
    budgetMs: seconds(number(flags, 'budget', { min: 0.001, max: 86_400, unit: 'seconds' })),
    maxRequests: number(flags, 'requests', { min: 1, max: 100_000_000, integer: true }),
    hostnameRegex: regex(flags),
    maxErrorRate: number(flags, 'max-error-rate', { min: 0, max: 1 }),
    tolerance: number(flags, 'tolerance', {
      min: 0.01,
      max: 1,
      unit: '(a fraction of the fair share: 0.35 means ±35%)',
    }),
  };
  if (parsed.expected && parsed.expectCount !== undefined) {
    throw new FlagError(
      'flags --expect and --expect-count cannot be used together: --expect names the backends (so their count), --expect-count only how many; give one',
    );
  }
  const connectTo = text(flags, 'connect-to');
  if (connectTo !== undefined) parsed.connectTo = parseConnectTo(connectTo, parsed.url);
  return parsed;
}

/** The watch's own flags, parsed; the rest of its tuning comes from `parseVerifyFlags`. */
export type ParsedWatchFlags = Pick<WatchInput, 'rate' | 'durationMs' | 'answerWithinMs'>;

/** The ranges of the watch's flags, for `--help` and the README as well as the checks. */
export const WATCH_FLAG_RULES = {
  rate: { min: 1, max: 1_000, unit: 'requests per second' },
  duration: { min: 1, max: 3_600, unit: 'seconds (the watch is always bounded)' },
  'answer-within': { min: 0.1, max: 600, unit: 'seconds' },
} as const;

/**
 * Checks `--rate` (requests per second), `--duration` (seconds: the longest the watch runs, always
 * bounded) and `--answer-within` (seconds a new task has to answer after its target turns healthy);
 * throws `FlagError` naming the first flag that breaks its rule. Absent flags stay undefined (the
 * watch's defaults apply: 20 req/s, 10 min, 10 s).
 */
export function parseWatchTuning(flags: VerifyFlags): ParsedWatchFlags {
  const parsed: ParsedWatchFlags = {
    rate: number(flags, 'rate', WATCH_FLAG_RULES.rate),
    durationMs: seconds(number(flags, 'duration', WATCH_FLAG_RULES.duration)),
    answerWithinMs: seconds(number(flags, 'answer-within', WATCH_FLAG_RULES['answer-within'])),
  };
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined));
}

function seconds(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value * 1000);
}
