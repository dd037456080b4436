/* global process, console */
// Measures how long the wizard takes to put its first frame on a terminal, against `node -e 0`.
// Usage: node scripts/measure-first-frame.mjs [path/to/cli.js] [runs]
// Runs each command in a pseudo-terminal (util-linux `script`) and times the first output that
// contains the wizard's title; prints the median of each and their ratio.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve(process.argv[2] ?? 'dist/cli.js');
const runs = Number(process.argv[3] ?? 7);

function timeIt(command, marker, until = marker, middle) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' } });
    let output = '';
    let seen;
    let inkSeen;
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      if (marker && seen === undefined && output.includes(marker)) seen = Number(process.hrtime.bigint() - started) / 1e6;
      if (middle && inkSeen === undefined && output.includes(middle)) {
        inkSeen = Number(process.hrtime.bigint() - started) / 1e6;
        inkFrame.push(inkSeen);
      }
      if (until && output.includes(until) && !child.stdin.writableEnded) {
        later.push(Number(process.hrtime.bigint() - started) / 1e6);
        child.stdin.end('\u0003');
      }
    });
    child.on('error', fail);
    child.on('exit', () => {
      const total = Number(process.hrtime.bigint() - started) / 1e6;
      if (marker && seen === undefined) fail(new Error(`never saw '${marker}' in:\n${output}`));
      else done(marker ? seen : total);
    });
  });
}

const later = [];
const inkFrame = [];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const baseline = [];
const firstFrame = [];
for (let i = 0; i < runs; i++) {
  baseline.push(await timeIt(`${process.execPath} -e 0`));
  const stateDir = mkdtempSync(join(tmpdir(), 'first-frame-'));
  try {
    firstFrame.push(await timeIt(`${process.execPath} ${cli} --sandbox --state-dir ${stateDir}`, 'ecs-alb-wizard', 'Start setup', 'Loading saved progress'));
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
const b = median(baseline);
const f = median(firstFrame);
console.log(`node -e 0 (in a pty):           median ${b.toFixed(0)} ms  [${baseline.map((v) => v.toFixed(0)).join(', ')}]`);
console.log(`wizard first frame (in a pty):  median ${f.toFixed(0)} ms  [${firstFrame.map((v) => v.toFixed(0)).join(', ')}]`);
console.log(`ratio: ${(f / b).toFixed(2)}x (goal: at most 3x)`);
console.log(`Ink's first frame (title + spinner): median ${median(inkFrame).toFixed(0)} ms  [${inkFrame.map((v) => v.toFixed(0)).join(', ')}] = ${(median(inkFrame) / b).toFixed(2)}x`);
console.log(`start screen ready (saved progress read, sandbox up): median ${median(later).toFixed(0)} ms  [${later.map((v) => v.toFixed(0)).join(', ')}]`);
