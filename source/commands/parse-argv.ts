import { parseArgs } from 'node:util';
import { commands } from './registry.js';
import { parseCommonFlags } from './kit/common-flags.js';
import { findConflict } from './kit/conflicts.js';
import { globalOptions, MULTIPLE_SEPARATOR, type OptionSpec } from './kit/options.js';
import type { CommandSpec } from './kit/types.js';
import { UsageError } from '../engine/usage-error.js';

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

/** `-1`, `-0.5`, `-.5`: a negative number, which the parser would otherwise read as a short flag. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Lets negative numbers through to the value checks, which then name the rule they break: after a
 * string flag one becomes its value (`--listener-port=-1`), elsewhere a positional (`scale -1`),
 * moved behind `--` where the parser takes anything as a positional.
 */
function keepNegativeNumbers(argv: string[]): string[] {
  const args: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push('--', ...positionals, ...argv.slice(i + 1));
      return args;
    }
    const next = argv[i + 1];
    const flag = /^--([^=]+)$/.exec(arg)?.[1];
    if (flag && allOptions[flag]?.type === 'string' && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else if (NEGATIVE_NUMBER.test(arg)) {
      positionals.push(arg);
    } else {
      args.push(arg);
    }
  }
  return positionals.length > 0 ? [...args, '--', ...positionals] : args;
}

/** How many words `usage` allows after the command name: `scale N` one, `status` none. */
function maxArguments(command: CommandSpec): number {
  return command.usage.split(/\s+/).length - 1;
}

/**
 * Turns argv into a command to run, help, or a one-line usage error (exit code 2). Everything that
 * can be judged from argv alone is judged here, before a command loads: unknown and repeated flags,
 * flags the command does not take, extra arguments, contradicting flags, and the values of the
 * flags every command shares.
 */
export function parseArgv(argv: string[], defaultCommand: string): ParsedArgv {
  let parsed;
  try {
    parsed = parseArgs({
      args: keepNegativeNumbers(argv),
      options: allOptions,
      allowPositionals: true,
      strict: true,
      tokens: true,
    });
  } catch (error) {
    return { kind: 'usage-error', message: describeParseError(error, argv) };
  }
  const { positionals, tokens } = parsed;
  // A repeatable flag's values travel as one string (see MULTIPLE_SEPARATOR).
  const values = Object.fromEntries(
    Object.entries(parsed.values).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(MULTIPLE_SEPARATOR) : value,
    ]),
  ) as Record<string, string | boolean | undefined>;
  const repeated = repeatedFlag(tokens);
  if (repeated) return { kind: 'usage-error', message: repeated };
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
  if (rest.length > maxArguments(command)) {
    const allowed = maxArguments(command);
    return {
      kind: 'usage-error',
      message: `'${command.name}' takes ${allowed === 0 ? 'no arguments' : `${allowed === 1 ? 'one argument' : `${allowed} arguments`} (${command.usage})`}, got '${rest.join(' ')}'. See ${command.name} --help`,
    };
  }
  const conflict = findConflict(command.name, values);
  if (conflict) return { kind: 'usage-error', message: conflict };
  // `verify --url` ignores the stack's flags (a conflict above when given); every other command uses them.
  if (!(command.name === 'verify' && values.url !== undefined)) {
    try {
      parseCommonFlags(values);
    } catch (error) {
      if (error instanceof UsageError) return { kind: 'usage-error', message: error.message };
      throw error;
    }
  }
  return { kind: 'run', command, flags: values, positionals: rest };
}

type Token = { kind: string; name?: string; value?: string };

/** A string flag given twice: the parser would keep the last silently, the user may have meant either. */
function repeatedFlag(tokens: readonly Token[]): string | undefined {
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    const spec = token.name ? allOptions[token.name] : undefined;
    if (token.kind !== 'option' || !token.name || spec?.type !== 'string' || spec.multiple) continue;
    if (seen.has(token.name)) {
      return `flag --${token.name} is given twice ('${seen.get(token.name) ?? ''}' and '${token.value ?? ''}'); give it once`;
    }
    seen.set(token.name, token.value);
  }
  return undefined;
}

function describeParseError(error: unknown, argv: string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag '${unknown[1]}'. See --help for the flags`;
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `flag '${missing[1]?.replace(/^-., /, '')}' needs a value. See --help`;
  const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(message);
  if (ambiguous) {
    const flag = ambiguous[1]!.replace(/^-., /, '');
    const value = argv[argv.indexOf(flag) + 1] ?? '';
    return `flag ${flag} needs a value, got the flag-like '${value}'; for a value that starts with '-', write ${flag}=${value}`;
  }
  const noValue = /Option '([^']+)' does not take an argument/.exec(message);
  if (noValue) return `flag ${noValue[1]!.replace(/^-., /, '')} takes no value. See --help`;
  return `${message.split('\n')[0] ?? message}. See --help`;
}
