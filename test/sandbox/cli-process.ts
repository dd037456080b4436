import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');

/** The CLI (from source, through tsx) as a child process, with its output collected. */
export type CliProcess = {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
};

export function runCli(args: string[]): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli.tsx'), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

/** Starts `sandbox serve` on a free port and resolves its endpoint once it prints it. */
export async function serveSandbox(stateDir: string, timeScale = 600): Promise<CliProcess & { endpoint: string }> {
  const run = runCli(['sandbox', 'serve', '--port', '0', '--state-dir', stateDir, '--time-scale', String(timeScale)]);
  const endpoint = await waitFor(
    'the endpoint line',
    () => /Sandbox endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(run.out())?.[1],
    20_000,
  ).catch((error: unknown) => {
    run.child.kill('SIGKILL');
    throw new Error(`sandbox serve did not start: ${run.err()}`, { cause: error });
  });
  return { ...run, endpoint };
}
