/** Every flag the CLI knows, with its help text. Commands name the ones that apply to them. */
export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in help, e.g. `NAME`. Only for string options. */
  value?: string;
  description: string;
};

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
