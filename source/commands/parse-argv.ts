import { parseArgs } from 'node:util';
import { commands } from './registry.js';
import { globalOptions, type OptionSpec } from './kit/options.js';
import type { CommandSpec } from './kit/types.js';

export type ParsedArgv =
  | { kind: 'help'; command?: CommandSpec }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; flags: Record<string, string | boolean | undefined>; positionals: string[] }
  | { kind: 'usage-error'; message: string };

const allOptions: Record<string, OptionSpec> = Object.assign(
  {},
  globalOptions,
  ...commands.map((c): Record<string, OptionSpec> => c.options),
) as Record<string, OptionSpec>;

/** Turns argv into a command to run, help, or a one-line usage error (exit code 2). */
export function parseArgv(argv: string[], defaultCommand: string): ParsedArgv {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: allOptions, allowPositionals: true, strict: true });
  } catch (error) {
    return { kind: 'usage-error', message: describeParseError(error) };
  }
  const { values, positionals } = parsed;
  const [name = defaultCommand, ...rest] = positionals;
  const command = commands.find((c) => c.name === name);
  if (!command) {
    return {
      kind: 'usage-error',
      message: `unknown command '${name}'. Commands: ${commands.map((c) => c.name).join(', ')}. See --help`,
    };
  }
  if (values.help) return { kind: 'help', command: positionals.length > 0 ? command : undefined };
  if (values.version) return { kind: 'version' };
  for (const flag of Object.keys(values)) {
    if (!(flag in globalOptions) && !(flag in command.options)) {
      return {
        kind: 'usage-error',
        message: `flag --${flag} does not apply to '${command.name}'. See ${command.name} --help`,
      };
    }
  }
  return { kind: 'run', command, flags: values, positionals: rest };
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag '${unknown[1]}'. See --help for the flags`;
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `flag '${missing[1]?.replace(/^-., /, '')}' needs a value. See --help`;
  return `${message.split('\n')[0] ?? message}. See --help`;
}
