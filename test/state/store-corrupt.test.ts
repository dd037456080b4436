import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { friendlyError } from '../../source/aws/errors.js';
import { StackStore } from '../../source/state/store.js';

const record = (version: number, stack = 'demo') => ({
  record: {
    version,
    stack,
    region: 'ap-northeast-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    answers: {},
    steps: {},
    results: {},
    resources: [],
  },
});

/** Whether a terminal would act on some character of `text` (C0 but tab, DEL). */
const hasControlCharacters = (text: string) =>
  [...text].some((c) => (c.charCodeAt(0) < 0x20 ? c !== '\t' : c.charCodeAt(0) === 0x7f));

/** The one line a command prints for what opening or reading the store threw. */
function printedFor(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return friendlyError(error, false).message;
  }
  throw new Error('expected the store to refuse the file');
}

describe('StackStore: files it cannot use say which file and what to do', () => {
  it('Given a state file with terminal escapes that is not JSON, Then the message names the file and shows the bytes escaped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    writeFileSync(join(dir, 'stack-demo.json'), '{"record": \u001b[31mRED\u001b]0;owned\u0007');
    const message = printedFor(() => new StackStore(dir, 'demo'));
    expect(message).toContain(`read saved progress for stack 'demo' from ${join(dir, 'stack-demo.json')}`);
    expect(message).toContain('fix or delete the file to start over');
    expect(message).toContain('\\x1b[31mRED');
    expect(hasControlCharacters(message)).toBe(false);
  });

  it('Given a file that fits the schema but holds escapes in a key, Then the schema message is escaped too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const bad = record(1);
    (bad.record.answers as Record<string, unknown>)['\u001b[2J'] = 5;
    writeFileSync(join(dir, 'stack-demo.json'), JSON.stringify(bad));
    const message = printedFor(() => new StackStore(dir, 'demo'));
    expect(message).toContain(join(dir, 'stack-demo.json'));
    expect(hasControlCharacters(message)).toBe(false);
  });

  it('Given a file written by a newer version, Then the message names the file, the directory and both versions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    writeFileSync(join(dir, 'stack-demo.json'), JSON.stringify(record(9)));
    const message = printedFor(() => new StackStore(dir, 'demo').get());
    expect(message).toBe(
      `saved progress ${join(dir, 'stack-demo.json')} (state directory ${dir}) was written by a newer ecs-alb-wizard (state version 9; this one reads 1): upgrade ecs-alb-wizard, or give --state-dir another directory`,
    );
  });

  it('Given a file of this version, Then it reads without complaint', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    writeFileSync(join(dir, 'stack-demo.json'), JSON.stringify(record(1)));
    expect(new StackStore(dir, 'demo').get()?.version).toBe(1);
  });
});
