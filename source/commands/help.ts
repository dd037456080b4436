import { commands } from './index.js';
import { globalOptions, type OptionSpec } from './options.js';
import type { CommandSpec } from './registry.js';

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
    ...commands.flatMap((c) =>
      Object.keys(c.options).length > 0 ? [`Flags for ${c.name}:`, ...formatOptions(c.options), ''] : [],
    ),
    'Global flags:',
    ...formatOptions(globalOptions),
    '',
  ].join('\n');
}
