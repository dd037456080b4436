import type { CommandInput } from './kit/types.js';

/** The same rule as setup's `wantsWizard`, without loading setup (and the AWS SDK) to apply it. */
function interactive(input: CommandInput): boolean {
  return (
    Boolean(input.stdout.isTTY && input.stdin.isTTY) && input.flags['no-input'] !== true && input.flags.json !== true
  );
}

/**
 * `setup` (the default command): in a terminal the wizard takes over and draws its first frame
 * before the engine and the SDK load; otherwise the headless flow runs.
 */
export async function run(input: CommandInput): Promise<number> {
  if (interactive(input)) {
    // Before Ink's chunk loads: chalk reads FORCE_COLOR once, and ignores NO_COLOR on its own.
    if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
    return (await import('./wizard.js')).runWizardCommand(input);
  }
  return (await import('./setup.js')).run(input);
}
