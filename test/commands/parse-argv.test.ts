import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answersFromFlags } from '../../source/commands/kit/answer-options.js';
import { parseArgv, type ParsedArgv } from '../../source/commands/parse-argv.js';
import { validateAnswerFormats } from '../../source/steps/answer-table.js';

const stateDir = mkdtempSync(join(tmpdir(), 'argv-'));

/** parseArgv with a usable state dir (not for `--url`, which takes none), so only the flags under test can be wrong. */
function parse(...argv: string[]): ParsedArgv {
  return parseArgv(argv.includes('--url') ? argv : [...argv, '--state-dir', stateDir], 'setup');
}

function usageError(parsed: ParsedArgv): string {
  if (parsed.kind !== 'usage-error') throw new Error(`expected a usage error, got ${parsed.kind}`);
  return parsed.message;
}

describe('parseArgv: negative numbers reach the rule they break', () => {
  it.each([
    [['setup', '--listener-port', '-1'], "--listener-port must be a port 1-65535, got '-1'"],
    [['setup', '--desired-count', '-1'], "--desired-count must be a whole number of tasks from 1 to 1000, got '-1'"],
    [['plan', '--scale-to', '-3'], "--scale-to must be a whole number of tasks from 1 to 1000, got '-3'"],
  ])('Given %j, When parsed and checked as setup checks it, Then the problem is the rule: %s', (argv, problem) => {
    const parsed = parse(...argv);
    if (parsed.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(parsed)}`);
    expect(validateAnswerFormats(answersFromFlags(parsed.flags))).toBe(problem);
  });

  it('Given --wait-timeout -5, Then the error is the duration rule, not the parser', () => {
    expect(usageError(parse('scale', '3', '--wait-timeout', '-5'))).toBe(
      "--wait-timeout must be a duration from 1 second to 24 hours, such as 900, 90s or 15m, got '-5'",
    );
  });

  it('Given scale -1, Then -1 is the positional count, not an unknown flag', () => {
    const parsed = parse('scale', '-1');
    expect(parsed).toMatchObject({ kind: 'run', positionals: ['-1'] });
  });

  it('Given verify --concurrency -3 --url, Then the value reaches the verifier flag check', () => {
    expect(parse('verify', '--url', 'http://x', '--concurrency', '-3')).toMatchObject({
      kind: 'run',
      flags: { concurrency: '-3' },
    });
  });

  it('Given a value that starts with a dash but is no number, Then the message says how to pass it', () => {
    expect(usageError(parse('setup', '--stack', '-demo'))).toBe(
      "flag --stack needs a value, got the flag-like '-demo'; for a value that starts with '-', write --stack=-demo",
    );
  });
});

describe('parseArgv: flags that contradict each other are refused naming both', () => {
  it.each([
    [['verify', '--url', 'http://x/', '--stack', 'demo'], /^--url and --stack cannot be used together/],
    [['verify', '--url', 'http://x/', '--sandbox'], /^--url and --sandbox cannot be used together/],
    [['verify', '--url', 'http://x/', '--wait-timeout', '5m'], /^--url and --wait-timeout cannot be used together/],
    [['plan', '--json', '--format', 'sh'], /^--json and --format cannot be used together/],
    [['status', '--sandbox', '--region', 'us-east-1'], /^--region us-east-1 and --sandbox cannot be used together/],
    [['status', '--sandbox', '--profile', 'work'], /^--profile and --sandbox cannot be used together/],
    [['setup', '--sandbox', '--endpoint-url', 'http://127.0.0.1:1'], /^--endpoint-url and --sandbox cannot/],
    [['setup', '--desired-count', '5', '--scale-to', '3'], /^--scale-to 3 is below --desired-count 5/],
  ])('Given %j, Then one line names both flags', (argv, message) => {
    expect(usageError(parse(...argv))).toMatch(message);
  });

  it.each([
    [['verify', '--url', 'http://x/', '--json', '--concurrency', '2']],
    [['verify', '--stack', 'demo', '--sandbox']],
    [['plan', '--format', 'sh']],
    [['status', '--sandbox', '--region', 'ap-northeast-1']],
    [['setup', '--desired-count', '3', '--scale-to', '3']],
  ])('Given the compatible flags %j, Then the command runs', (argv) => {
    expect(parse(...argv).kind).toBe('run');
  });
});

describe('parseArgv: arguments and repeats', () => {
  it('Given a string flag twice, Then it is refused with both values', () => {
    expect(usageError(parse('setup', '--listener-port', '80', '--listener-port', '8080'))).toBe(
      "flag --listener-port is given twice ('80' and '8080'); give it once",
    );
  });

  it.each([
    [['status', 'now'], "'status' takes no arguments, got 'now'. See status --help"],
    [['scale', '3', '4'], "'scale' takes one argument (scale N), got '3 4'. See scale --help"],
    [['teardown', 'demo'], "'teardown' takes no arguments, got 'demo'. See teardown --help"],
  ])('Given %j, Then the extra argument is refused', (argv, message) => {
    expect(usageError(parse(...argv))).toBe(message);
  });

  it('Given a boolean flag with a value, Then it says the flag takes none', () => {
    expect(usageError(parse('teardown', '--yes=no'))).toBe('flag --yes takes no value. See --help');
  });
});

describe.skipIf(process.platform !== 'linux')('parseArgv: state directories where nothing can be saved', () => {
  it.each([
    ['/proc/ecs-alb-wizard', 'procfs'],
    ['/proc/self/state', 'procfs'],
    ['/sys/kernel/ecs-alb-wizard', 'sysfs'],
  ])('Given --state-dir %s, Then it is refused naming the file system', (dir, fs) => {
    const message = usageError(parseArgv(['status', '--state-dir', dir], 'setup'));
    expect(message).toBe(
      `--state-dir ${dir} is on ${fs}, a kernel pseudo-file system where nothing can be saved; pick a directory on a disk`,
    );
  });

  it('Given ECS_ALB_WIZARD_STATE_DIR under /proc, Then the message names the variable', () => {
    const before = process.env.ECS_ALB_WIZARD_STATE_DIR;
    process.env.ECS_ALB_WIZARD_STATE_DIR = '/proc/x';
    try {
      expect(usageError(parseArgv(['status'], 'setup'))).toMatch(/^ECS_ALB_WIZARD_STATE_DIR \/proc\/x is on procfs/);
    } finally {
      if (before === undefined) delete process.env.ECS_ALB_WIZARD_STATE_DIR;
      else process.env.ECS_ALB_WIZARD_STATE_DIR = before;
    }
  });

  it('Given --state-dir below a file, Then it is refused naming the file', () => {
    expect(usageError(parseArgv(['status', '--state-dir', '/dev/null/state'], 'setup'))).toBe(
      '--state-dir /dev/null/state: /dev/null is a file, not a directory; pick a directory',
    );
  });

  it('Given a directory that does not exist yet on a disk, Then it is accepted', () => {
    expect(parseArgv(['status', '--state-dir', join(stateDir, 'a', 'b')], 'setup').kind).toBe('run');
  });
});
