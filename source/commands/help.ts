import { commands } from './registry.js';
import { globalOptions, type OptionSpec } from './kit/options.js';
import type { CommandSpec } from './kit/types.js';

function formatOptions(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const left = `${short}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    return [left, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, text]) => `  ${left.padEnd(width)}  ${text}`);
}

/** The text `--help` prints: every command and every flag, or one command in detail. */
export function helpText(version: string, command?: CommandSpec): string {
  if (command) {
    return [
      `Usage: ecs-alb-wizard ${command.usage} [flags]`,
      '',
      command.summary,
      '',
      ...(Object.keys(command.options).length > 0 ? ['Flags:', ...formatOptions(command.options), ''] : []),
      'Global flags:',
      ...formatOptions(globalOptions),
      '',
    ].join('\n');
  }
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    `ecs-alb-wizard ${version}: put Amazon ECS services behind an Application Load Balancer, prove the load spreads, tear it down.`,
    '',
    'Usage: ecs-alb-wizard [command] [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    ...groupedOptions().flatMap(([names, options]) => [
      `Flags for ${names.join(', ')}:`,
      ...formatOptions(options),
      '',
    ]),
    'Global flags:',
    ...formatOptions(globalOptions),
    '',
  ].join('\n');
}

/**
 * Command flags grouped by the commands that take them, so a flag several commands share (setup's
 * flags also serve plan) is listed once: `[['setup', 'plan'], {cluster, ...}]`.
 */
function groupedOptions(): [string[], Record<string, OptionSpec>][] {
  const groups = new Map<string, [string[], Record<string, OptionSpec>]>();
  for (const command of commands) {
    for (const [name, spec] of Object.entries(command.options)) {
      // A flag several commands take with different meanings (setup's --image, deploy's) is listed per meaning.
      const users = commands.filter((c) => c.options[name]?.description === spec.description).map((c) => c.name);
      const key = users.join(',');
      const options: Record<string, OptionSpec> = groups.get(key)?.[1] ?? {};
      options[name] = spec;
      groups.set(key, [users, options]);
    }
  }
  return [...groups.values()];
}
