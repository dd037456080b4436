// The SDK warns on stderr about Node 20 support; that line would write over the Ink screen.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// With CI set, Ink draws nothing until it exits (it reads the flag once, when first imported). On a
// terminal someone is watching, so the wizard and the report must draw as they go, CI or not.
if (process.stdout.isTTY) {
  process.env.CI = 'false';
  process.env.CONTINUOUS_INTEGRATION = 'false';
}

import { defaultCommand } from './source/commands/registry.js';
import { helpText } from './source/commands/help.js';
import { parseArgv } from './source/commands/parse-argv.js';
import { printable } from './source/lib/printable.js';
import packageJson from './package.json' with { type: 'json' };

async function main(argv: string[]): Promise<number> {
  const parsed = parseArgv(argv, defaultCommand);
  switch (parsed.kind) {
    case 'usage-error':
      process.stderr.write(`ecs-alb-wizard: ${printable(parsed.message)}\n`);
      return 2;
    case 'version':
      process.stdout.write(`${packageJson.version}\n`);
      return 0;
    case 'help':
      process.stdout.write(helpText(packageJson.version, parsed.command));
      return 0;
    case 'run': {
      // Both at once: each is a chunk to read before the command (the wizard) can draw.
      const [module, { connectAws }] = await Promise.all([parsed.command.load(), import('./source/aws/connect.js')]);
      return module.run({
        connect: connectAws,
        flags: parsed.flags,
        positionals: parsed.positionals,
        stdout: process.stdout,
        stderr: process.stderr,
        stdin: process.stdin,
      });
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ecs-alb-wizard: ${printable(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 1;
  },
);
