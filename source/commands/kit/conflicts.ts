type Flags = Record<string, string | boolean | undefined>;

/**
 * Two flags that contradict each other on a command, and why. With `values`, only some values
 * contradict: it returns the line to print for those, undefined for the others.
 */
type Conflict = {
  command: string;
  flags: readonly [string, string];
  why: string;
  values?: (flags: Flags) => string | undefined;
};

const URL_VERIFIES_AS_GIVEN = '--url verifies that endpoint as given; without --url, verify checks a stack';

/** Flags that say which stack to verify, or how to reach or wait for it: meaningless with `--url`. */
const STACK_ONLY = ['stack', 'sandbox', 'region', 'profile', 'endpoint-url', 'state-dir', 'wait-timeout'] as const;

function wholeNumber(value: string | boolean | undefined): number | undefined {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * Every pair of flags one command cannot take together. (`--endpoint-url` with `--sandbox`, and
 * `--sandbox` with `--region` or `--profile`, apply to every command: see common-flags.ts; verify's
 * `--expect` with `--expect-count` is verify/flags.ts's.)
 */
const CONFLICTS: readonly Conflict[] = [
  ...STACK_ONLY.map((flag): Conflict => ({ command: 'verify', flags: ['url', flag], why: URL_VERIFIES_AS_GIVEN })),
  ...['concurrency', 'requests', 'budget', 'expect-count'].map((flag): Conflict => ({
    command: 'verify',
    flags: ['watch', flag],
    why: '--watch paces its load by --rate for --duration and takes the backends as they come and go; --concurrency, --requests, --budget and --expect-count tune a one-off verification',
  })),
  {
    command: 'plan',
    flags: ['json', 'format'],
    why: '--json prints the plan as JSON, --format as text or a shell script; give one',
  },
  ...['setup', 'plan'].map((command): Conflict => ({
    command,
    flags: ['desired-count', 'scale-to'],
    why: 'setup starts the service with --desired-count tasks, then scales it out to --scale-to',
    values: (flags) => {
      const start = wholeNumber(flags['desired-count']);
      const to = wholeNumber(flags['scale-to']);
      return start !== undefined && to !== undefined && to < start
        ? `--scale-to ${to} is below --desired-count ${start}: setup starts the service with --desired-count tasks, then scales it out to --scale-to`
        : undefined;
    },
  })),
  ...['setup', 'plan'].map((command): Conflict => ({
    command,
    flags: ['create-cluster', 'cluster'],
    why: '--create-cluster makes the cluster <stack>-cluster; leave out --cluster',
    values: (flags) => {
      const own = `${typeof flags.stack === 'string' ? flags.stack : 'demo'}-cluster`;
      return flags['create-cluster'] === true && flags.cluster !== own
        ? `--cluster ${String(flags.cluster)} and --create-cluster contradict: --create-cluster makes the cluster ${own}; leave out --cluster`
        : undefined;
    },
  })),
];

/** The first contradiction among the flags given to `command`, as one line naming both flags; undefined when none. */
export function findConflict(command: string, flags: Flags): string | undefined {
  for (const conflict of CONFLICTS) {
    const [a, b] = conflict.flags;
    if (conflict.command !== command || flags[a] === undefined || flags[b] === undefined) continue;
    const line = conflict.values
      ? conflict.values(flags)
      : `--${a} and --${b} cannot be used together: ${conflict.why}`;
    if (line !== undefined) return line;
  }
  return undefined;
}
