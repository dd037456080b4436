import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../source/commands/registry.js';
import { DEFAULTS, defaultMaxRequests } from '../../verify/options.js';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
const verifyReadme = readFileSync(resolve(root, 'verify/README.md'), 'utf8');
const defaults = DEFAULTS as unknown as Record<string, number>;
const verifyOptions = commands.find((c) => c.name === 'verify')!.options;

/** `--max-error-rate` → `maxErrorRate`. */
const camel = (flag: string) => flag.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/**
 * The default in code behind a flag, in the flag's unit: `DEFAULTS.<name>`, or `<name>Ms` in
 * seconds; `--requests` is `defaultMaxRequests` without expectations. Undefined: no default.
 */
function codeDefault(flag: string): number | undefined {
  if (flag === '--requests') return defaultMaxRequests(undefined);
  const key = camel(flag);
  if (typeof defaults[key] === 'number') return defaults[key];
  if (typeof defaults[`${key}Ms`] === 'number') return defaults[`${key}Ms`]! / 1000;
  return undefined;
}

/** The first number in a cell or phrase (`100; with expectations …` → 100), or undefined for `none`, `off`. */
function firstNumber(text: string): number | undefined {
  const match = /-?\d[\d,]*(?:\.\d+)?/.exec(text);
  return match ? Number(match[0].replaceAll(',', '')) : undefined;
}

/** verify/README.md's flag table: flag → its Default cell. */
const tableDefaults = new Map(
  [...verifyReadme.matchAll(/^\| `(--[\w-]+)` \| ([^|]+) \|/gm)].map((m) => [m[1]!, m[2]!.trim()] as const),
);

/** README.md's `verify` flags sentence: `--concurrency N` (8), … → flag → text in parentheses. */
const sentenceDefaults = new Map(
  [...(/`verify` flags:[\s\S]*?\n\n/.exec(readme)?.[0] ?? '').matchAll(/`(--[\w-]+)(?: [A-Z,.]+)?` \(([^)]+)\)/g)].map(
    (m) => [m[1]!, m[2]!] as const,
  ),
);

/** Tuning flags the CLI takes whose default lives in the verifier's code. */
const tuningFlags = Object.keys(verifyOptions)
  .map((name) => `--${name}`)
  .filter((flag) => codeDefault(flag) !== undefined);

describe('the verifier defaults the READMEs state are the ones in code', () => {
  it('Given the verify flags with a default in code, Then there are some (the test is not vacuous)', () => {
    expect(tuningFlags).toEqual(expect.arrayContaining(['--concurrency', '--timeout', '--budget', '--max-error-rate']));
  });

  it.each(tuningFlags)('Given %s, Then verify/README.md, README.md and --help state the default in code', (flag) => {
    const expected = codeDefault(flag);
    expect(tableDefaults.has(flag), `verify/README.md has no row for ${flag}`).toBe(true);
    expect(firstNumber(tableDefaults.get(flag)!), `verify/README.md default of ${flag}`).toBe(expected);
    if (flag !== '--requests') {
      expect(sentenceDefaults.has(flag), `README.md's verify flags sentence gives no default for ${flag}`).toBe(true);
      expect(firstNumber(sentenceDefaults.get(flag)!), `README.md default of ${flag}`).toBe(expected);
    }
    const help = /\(default: ([^)]+)\)/.exec(verifyOptions[flag.slice(2)]!.description)?.[1] ?? '';
    expect(firstNumber(help), `--help default of ${flag}`).toBe(expected);
  });

  it('Given a default in the verify/README.md table, Then the code has it: no stale row', () => {
    const stale = [...tableDefaults]
      .filter(([, cell]) => firstNumber(cell) !== undefined)
      .filter(([flag, cell]) => codeDefault(flag) !== firstNumber(cell))
      .map(([flag, cell]) => `${flag}: README ${cell}, code ${codeDefault(flag)}`);
    expect(stale).toEqual([]);
  });

  it('Given the test settings without a flag (significance, answers per backend), Then the READMEs state the ones in code', () => {
    const claims: [string, RegExp, number | undefined][] = [
      ['alpha', /α = (\d+(?:\.\d+)?)/g, defaults.alpha],
      ['minPerBackend', /answered at least (\d+) times/g, defaults.minPerBackend],
    ];
    for (const [key, pattern, value] of claims) {
      if (`--${key}` in verifyOptions) continue;
      const stated = [...readme.matchAll(pattern), ...verifyReadme.matchAll(pattern)].map((m) => Number(m[1]));
      // Stated in a README with no such default in code is as wrong as the other way round.
      if (value === undefined) expect(stated, `READMEs state ${key}, the code has none`).toEqual([]);
      else {
        expect(stated.length, `no README states ${key}`).toBeGreaterThan(0);
        expect(new Set(stated), `${key} in the READMEs`).toEqual(new Set([value]));
      }
    }
  });

  it('Given a tolerance or a confidence in code, Then verify/README.md states it next to its name', () => {
    for (const key of ['tolerance', 'confidence']) {
      const value = defaults[key];
      if (value === undefined) continue;
      const spelled = [String(value), `${Math.round(value * 100)} %`, `${Math.round(value * 100)}%`];
      const near = spelled.some((s) => new RegExp(`${key}[^.|]{0,80}${s.replace('.', '\\.')}`, 'i').test(verifyReadme));
      expect(near, `verify/README.md states the ${key} (${value})`).toBe(true);
    }
  });
});
