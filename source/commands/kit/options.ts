/** Every flag the CLI knows, with its help text. Commands name the ones that apply to them. */
export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help, e.g. `NAME`. Only for string options. */
  value?: string;
  description: string;
  /** The flag may be given several times (`--env A=1 --env B=2`); read its values with `flagValues`. */
  multiple?: boolean;
};

/**
 * How a repeatable flag's values travel in the parsed flags: joined by NUL, which no command-line
 * argument can contain, so every command keeps one string per flag.
 */
export const MULTIPLE_SEPARATOR = '\0';

/** Every value of a repeatable flag, in the order given (empty when absent). */
export function flagValues(flags: Record<string, string | boolean | undefined>, name: string): string[] {
  const value = flags[name];
  return typeof value === 'string' ? value.split(MULTIPLE_SEPARATOR) : [];
}

export const globalOptions = {
  stack: {
    type: 'string',
    value: 'NAME',
    description: 'Name of the setup to work on; several stacks can coexist (default: demo)',
  },
  region: {
    type: 'string',
    value: 'REGION',
    description: 'AWS region (default: AWS_REGION, the profile, or ap-northeast-1 in the sandbox)',
  },
  profile: {
    type: 'string',
    value: 'NAME',
    description: 'Named profile from the AWS config files (default: AWS_PROFILE)',
  },
  'endpoint-url': { type: 'string', value: 'URL', description: 'Send every AWS call to this AWS-compatible endpoint' },
  sandbox: { type: 'boolean', description: 'Run against the local sandbox instead of AWS (no account needed)' },
  'state-dir': { type: 'string', value: 'DIR', description: 'Where progress (and the sandbox world) is saved' },
  yes: { type: 'boolean', short: 'y', description: 'Answer yes to confirmations' },
  'no-input': { type: 'boolean', description: 'Never prompt; a missing value is an error naming its flag' },
  json: { type: 'boolean', description: 'Print one JSON document instead of a screen' },
  help: { type: 'boolean', short: 'h', description: 'Show help' },
  version: { type: 'boolean', short: 'v', description: 'Show the version' },
} as const satisfies Record<string, OptionSpec>;

/** `--wait-timeout`: bounds every wait (setup, scale, teardown, verify). */
export const waitTimeoutOption = {
  'wait-timeout': {
    type: 'string',
    value: 'DURATION',
    description: 'Longest any single wait may take, e.g. 900, 90s, 15m (default: 15m)',
  },
} as const satisfies Record<string, OptionSpec>;

/** The watch's flags (`verify --watch`, `scale`, `deploy`): the paced load, its bounds, its picture. */
export const watchOptions = {
  rate: {
    type: 'string',
    value: 'N',
    description: 'Requests per second through the load balancer while watching, 1 to 1000 (default: 20)',
  },
  duration: {
    type: 'string',
    value: 'S',
    description: 'Longest the watch runs, in seconds, 1 to 3600 (default: 600; verify --watch watches this long)',
  },
  'answer-within': {
    type: 'string',
    value: 'S',
    description: 'How soon a new task must answer after its target turns healthy, in seconds, 0.1 to 600 (default: 10)',
  },
  report: {
    type: 'string',
    value: 'FILE',
    description: 'Also write the timeline as one self-contained .html or .svg file',
  },
} as const satisfies Record<string, OptionSpec>;

/** `--no-watch`: scale or deploy without the paced load (scale then verifies the spread afterwards). */
export const noWatchOption = {
  'no-watch': { type: 'boolean', description: 'Change without watching (no paced load, no timeline)' },
} as const satisfies Record<string, OptionSpec>;
