import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WATCH_FLAG_RULES } from '../../verify/flags.js';
import { WATCH_DEFAULTS } from '../../verify/watch-options.js';

const readme = readFileSync(resolve(import.meta.dirname, '../../verify/README.md'), 'utf8');
const section = /## Watching a change[\s\S]*?\n## /.exec(readme)?.[0] ?? '';
const row = (flag: string) => new RegExp(`^\\| \`--${flag} [A-Z]\` \\| ([^|]+) \\| ([^|]+) \\|`, 'm').exec(section);

describe('verify/README.md states the watch as the code has it', () => {
  it.each([
    ['rate', WATCH_DEFAULTS.rate],
    ['duration', WATCH_DEFAULTS.durationMs / 1000],
    ['answer-within', WATCH_DEFAULTS.answerWithinMs / 1000],
  ] as const)('Given --%s, then its row states the default and the range in code', (flag, value) => {
    const match = row(flag);
    expect(match, `no row for --${flag}`).not.toBeNull();
    expect(Number(match?.[1]?.trim())).toBe(value);
    const { min, max } = WATCH_FLAG_RULES[flag];
    expect(match?.[2]).toContain(`${min} to ${max}`);
  });

  it('Given the criteria, then the section names each one the watch can judge', () => {
    for (const id of [
      'no-failures',
      'new-answer-soon',
      'none-after-drained',
      'stopped-after-drained',
      'even-after',
      'old-revision-gone',
      'circuit-breaker',
    ])
      expect(section).toContain(`| \`${id}\` |`);
  });
});
