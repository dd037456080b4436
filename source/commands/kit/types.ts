import type { ConnectAws } from '../../aws/connect.js';
import type { OptionSpec } from './options.js';

/** What a command receives: parsed flags and positionals, plus the process streams it may use. */
export type CommandInput = {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  /**
   * Builds the AWS clients (AWS, `--endpoint-url` or `--sandbox`): cli.tsx passes `connectAws`,
   * tests a fake. No command builds clients on its own; one that stays offline ignores it.
   */
  connect: ConnectAws;
};

/** A command's module: runs and resolves to the process exit code. */
export type CommandModule = { run(input: CommandInput): Promise<number> };

export type CommandSpec = {
  name: string;
  /** Subcommand words after the name, e.g. `serve` for `sandbox serve`. */
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  load(): Promise<CommandModule>;
};
