import '../ui/no-color.js';
import { render } from 'ink';
import { App } from '../ui/app.js';
import type { RunIo, WizardPort } from '../ui/port.js';
import type { CommandInput } from './kit/types.js';
import { answersFromFlags } from './kit/answer-options.js';
import { sortAnswers } from '../steps/answer-table.js';
import type { EnginePortOptions } from './wizard-port.js';

type LoadedPort = WizardPort & { close(): Promise<void> };

/**
 * A port that loads the engine (and with it the AWS SDK) only when first used, so the first
 * frame is on screen before the SDK is read from disk.
 */
function lazyPort(options: EnginePortOptions): LoadedPort {
  let loaded: LoadedPort | undefined;
  let loading: Promise<LoadedPort> | undefined;
  const port = async () =>
    (loaded ??= await (loading ??= import('./wizard-port.js').then((m) => m.enginePort(options))));
  return {
    resumeCommand: options.resumeCommand,
    progress: async () => (await port()).progress(),
    setup: async (io: RunIo, o) => (await port()).setup(io, o),
    canSkip: (step) => loaded?.canSkip(step) ?? false,
    verify: async (io) => (await port()).verify(io),
    changeForm: async (kind) => (await port()).changeForm(kind),
    change: async (io, kind, values) => (await port()).change(io, kind, values),
    teardownPlan: async () => (await port()).teardownPlan(),
    teardown: async (io) => (await port()).teardown(io),
    // An interrupt can come while the engine is still loading: wait for it, then close what it opened.
    close: async () => (loaded ?? (await loading?.catch(() => undefined)))?.close(),
  };
}

/**
 * Runs the interactive wizard on a TTY until the user finishes, quits or presses Ctrl+C, and
 * resolves with the exit code (130 after an interrupt). The command that hands over here
 * (`setup`, the default) passes the flags' answers and how to open the stack.
 */
export async function runWizard(input: CommandInput, options: EnginePortOptions): Promise<number> {
  const port = lazyPort(options);
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let code = 0;
  const instance = render(<App port={port} signal={interrupt.signal} onExit={(c) => (code = c)} />, {
    stdout: input.stdout,
    stdin: input.stdin,
    exitOnCtrlC: false,
  });
  try {
    await instance.waitUntilExit();
  } catch {
    code = 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await port.close();
  }
  return code;
}

/** `ecs-alb-wizard [setup] --sandbox …` again, with the flags that name this stack. */
export function resumeCommand(flags: CommandInput['flags']): string {
  const parts = ['ecs-alb-wizard'];
  if (flags.sandbox === true) parts.push('--sandbox');
  for (const name of ['stack', 'state-dir', 'region', 'profile', 'endpoint-url']) {
    const value = flags[name];
    if (typeof value === 'string')
      parts.push(`--${name}`, /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`);
  }
  return parts.join(' ');
}

/**
 * The wizard's engine port options from the command line. An answer flag with a bad value does not
 * end the wizard: it is left out, and its question opens with the problem shown (as create-cloudflare does).
 */
export function wizardPortOptions(input: CommandInput): EnginePortOptions {
  const { valid, invalid } = sortAnswers(answersFromFlags(input.flags));
  return {
    stack: typeof input.flags.stack === 'string' ? input.flags.stack : 'demo',
    flags: valid,
    invalid,
    resumeCommand: resumeCommand(input.flags),
    open: async () => (await import('./wizard-port.js')).openStackForWizard(input),
  };
}

/** `setup` in a terminal: runs the wizard on the stack the flags name. */
export async function runWizardCommand(input: CommandInput): Promise<number> {
  if (input.positionals.length > 0) {
    input.stderr.write(`ecs-alb-wizard: setup takes no arguments, got '${input.positionals.join(' ')}'\n`);
    return 2;
  }
  return runWizard(input, wizardPortOptions(input));
}
