/* global process, console */
// `npm run bench`: the wizard's start-up (Ink's first frame against `node -e 0`, issue 5's goal of
// at most 3x), then the verifier's benchmark (verify/bench/run.ts). Builds dist/ first if missing.
// FIRST_FRAME_RUNS sets how many runs the start-up median takes (default 9).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { formatFirstFrame, measureFirstFrame } from './measure-first-frame.mjs';

function run(args) {
  const { status, error } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (error) throw error;
  if (status !== 0) process.exit(status ?? 1);
}

if (!existsSync('dist/cli.js')) run(['scripts/build.mjs']);

const runs = Number(process.env.FIRST_FRAME_RUNS ?? 9);
console.log(`Start-up: the bundled wizard in a terminal, median of ${runs} runs`);
if (spawnSync('script', ['--version']).error) console.log('  skipped: needs util-linux `script` for a pseudo-terminal');
else console.log(formatFirstFrame(await measureFirstFrame({ cli: 'dist/cli.js', runs })));
console.log();

run(['--import', 'tsx', 'scripts/bench-create-cluster.ts']);
console.log();
run(['--expose-gc', '--import', 'tsx', 'verify/bench/run.ts']);
run(['--import', 'tsx', 'verify/bench/sandbox-lb.ts']);
run(['--expose-gc', '--import', 'tsx', 'verify/bench/watch.ts']);
