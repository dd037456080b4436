import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containsCredentials } from '../../source/state/schema.js';
import { listStacks, StackStore } from '../../source/state/store.js';

const record = {
  version: 1,
  stack: 'demo',
  region: 'ap-northeast-1',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  answers: { scheme: 'internal' },
  steps: { account: { status: 'done' as const, updatedAt: '2026-01-01T00:00:00.000Z' } },
  results: {},
  resources: [],
};

describe('StackStore', () => {
  it('Given a new state dir, When a record is saved, Then the dir is 0700, the file 0600, one file per stack, and it reads back', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'store-')), 'nested');
    const store = new StackStore(dir, 'demo');
    store.set(record);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(store.path).toBe(join(dir, 'stack-demo.json'));
    expect(new StackStore(dir, 'demo').get()).toMatchObject({
      stack: 'demo',
      answers: { scheme: 'internal' },
      version: 1,
    });
    expect(new StackStore(dir, 'other').get()).toBeUndefined();
    expect(listStacks(dir)).toEqual(['demo']);
    expect(containsCredentials(new StackStore(dir, 'demo').get())).toBe(false);
  });

  it('Given a file that breaks the schema, Then opening it fails with a message saying how to recover', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    writeFileSync(
      join(dir, 'stack-demo.json'),
      JSON.stringify({ record: { ...record, steps: { account: { status: 'bogus', updatedAt: '' } } } }),
    );
    expect(() => new StackStore(dir, 'demo')).toThrow(/read saved progress for stack 'demo'.*fix or delete the file/);
  });

  it('Given a record from a newer version, Then reading it refuses instead of guessing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    writeFileSync(join(dir, 'stack-demo.json'), JSON.stringify({ record: { ...record, version: 99 } }));
    expect(() => new StackStore(dir, 'demo').get()).toThrow(/newer ecs-alb-wizard/);
  });

  it('Given a file whose verifications were saved before requests were recorded, Then it loads with them as saved', () => {
    // Given: the shape version 1 has always written, without `requests`
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const verifications = { service: { verdict: 'PASS', backends: 1, expected: 1, at: '2026-01-01T00:01:00.000Z' } };
    writeFileSync(join(dir, 'stack-demo.json'), JSON.stringify({ record: { ...record, verifications } }));
    // Then
    expect(new StackStore(dir, 'demo').get()?.verifications).toEqual(verifications);
  });

  it('Given a verification with a verdict that is neither PASS nor FAIL, Then the file is refused as broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const verifications = { service: { verdict: 'MAYBE', backends: 1, expected: 1, at: '2026-01-01T00:01:00.000Z' } };
    writeFileSync(join(dir, 'stack-demo.json'), JSON.stringify({ record: { ...record, verifications } }));
    expect(() => new StackStore(dir, 'demo')).toThrow(/read saved progress for stack 'demo'/);
  });

  it('Given delete, Then the stack is forgotten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-'));
    const store = new StackStore(dir, 'demo');
    store.set(record);
    store.delete();
    expect(new StackStore(dir, 'demo').get()).toBeUndefined();
    expect(listStacks(dir)).toEqual([]);
  });
});
