/* global process, console, setTimeout, clearTimeout */
// Measures how long the wizard takes to put Ink's first frame (title + spinner) on a terminal,
// against `node -e 0` measured in the same run, so the ratio holds on a slow or busy machine.
// Usage: node scripts/measure-first-frame.mjs [path/to/cli.js] [runs] [--ready]
// Each command runs in a pseudo-terminal (util-linux `script`); the two alternate, after one
// warm-up of each. `--ready` also times the start screen (saved progress read, sandbox up).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The goal from issue 5: Ink's first frame within this many times `node -e 0`. */
export const GOAL_RATIO = 3;
/** Text of Ink's first frame (the spinner's label under the title), not of anything printed before. */
const FIRST_FRAME = 'Loading saved progress';
const READY = 'Start setup';

/**
 * Runs `command` in a pty; resolves with the ms until each marker first appeared (or, with no
 * markers, until the command exited). Presses Ctrl+C once the last marker is seen.
 */
function timeInPty(command, markers = []) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' },
    });
    const seen = {};
    let output = '';
    const stuck = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      for (const marker of markers) if (seen[marker] === undefined && output.includes(marker)) seen[marker] = elapsed();
      if (markers.length > 0 && markers.every((m) => seen[m] !== undefined) && !child.stdin.writableEnded)
        child.stdin.end('\u0003');
    });
    child.on('error', fail);
    child.on('exit', () => {
      clearTimeout(stuck);
      const total = elapsed();
      const missing = markers.filter((m) => seen[m] === undefined);
      if (missing.length > 0) fail(new Error(`never saw '${missing.join("', '")}' in:\n${output}`));
      else done(markers.length > 0 ? seen : total);
    });
  });
}

/** The middle value (the lower one of the two middles for an even count). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * Times `node -e 0` and the wizard's first Ink frame `runs` times, alternating, after one
 * unrecorded warm-up of each. Returns every sample (ms), the medians and their ratio.
 */
export async function measureFirstFrame({ cli = 'dist/cli.js', runs = 9, ready = false } = {}) {
  const markers = ready ? [FIRST_FRAME, READY] : [FIRST_FRAME];
  const samples = { baseline: [], firstFrame: [], ready: [] };
  for (let i = 0; i <= runs; i++) {
    const baseline = await timeInPty(`${process.execPath} -e 0`);
    const stateDir = mkdtempSync(join(tmpdir(), 'first-frame-'));
    let seen;
    try {
      seen = await timeInPty(`${process.execPath} ${resolve(cli)} --sandbox --state-dir ${stateDir}`, markers);
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
    if (i === 0) continue; // warm-up: file cache, first spawn of `script`
    samples.baseline.push(baseline);
    samples.firstFrame.push(seen[FIRST_FRAME]);
    if (ready) samples.ready.push(seen[READY]);
  }
  const baseline = median(samples.baseline);
  const firstFrame = median(samples.firstFrame);
  return {
    samples,
    baseline,
    firstFrame,
    ratio: firstFrame / baseline,
    ready: ready ? median(samples.ready) : undefined,
  };
}

/** The result as the lines `npm run bench` and this script print. */
export function formatFirstFrame(result) {
  const list = (values) => `[${values.map((v) => v.toFixed(0)).join(', ')}]`;
  const { samples, baseline, firstFrame, ratio } = result;
  const lines = [
    `node -e 0 (in a pty):                 median ${baseline.toFixed(0)} ms  ${list(samples.baseline)}`,
    `wizard, Ink's first frame (in a pty): median ${firstFrame.toFixed(0)} ms  ${list(samples.firstFrame)}`,
    `ratio: ${ratio.toFixed(2)}x (goal: at most ${GOAL_RATIO}x) ${ratio <= GOAL_RATIO ? 'MET' : 'NOT MET'}`,
  ];
  if (result.ready !== undefined)
    lines.push(
      `start screen ready (saved progress read, sandbox up): median ${result.ready.toFixed(0)} ms  ${list(samples.ready)}`,
    );
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => a !== '--ready');
  const result = await measureFirstFrame({
    cli: args[0],
    runs: Number(args[1] ?? 7),
    ready: process.argv.includes('--ready'),
  });
  console.log(formatFirstFrame(result));
}
