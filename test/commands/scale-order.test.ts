import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../source/commands/scale.js';
import { commandInput } from './command-input.js';

describe('scale N: the count is judged before the region, the credentials or the lock', () => {
  it.each([
    [
      '0',
      'scale N must be a whole number of tasks from 1 to 1000, got 0 (to remove the service and everything else, run teardown)',
    ],
    ['-1', "scale N must be a whole number of tasks from 1 to 1000, got '-1'"],
    ['three', "scale N must be a whole number of tasks from 1 to 1000, got 'three'"],
  ])(
    'Given scale %s and no region anywhere, Then it names the count rule, exit 2, and never connects',
    async (count, message) => {
      const stateDir = mkdtempSync(join(tmpdir(), 'scale-'));
      const { input, seen } = commandInput({ 'state-dir': stateDir }, [count]);
      expect(await run(input)).toBe(2);
      expect(seen.err).toBe(`ecs-alb-wizard: ${message}\n`);
      expect(seen.connects).toBe(0);
      expect(readdirSync(stateDir)).toEqual([]);
    },
  );

  it('Given scale 1001, Then the refusal names the limit and where it comes from', async () => {
    const { input, seen } = commandInput({ 'state-dir': mkdtempSync(join(tmpdir(), 'scale-')) }, ['1001']);
    expect(await run(input)).toBe(2);
    expect(seen.err).toMatch(
      /^ecs-alb-wizard: scale N must be at most 1000 tasks, got 1001: each task is one load balancer target/,
    );
    expect(seen.err).toContain(
      "default quotas 'Targets per Application Load Balancer' and 'Targets per Target Group per Region'",
    );
    expect(seen.err).toContain('Service Quotas');
    expect(seen.err.trimEnd().split('\n')).toHaveLength(1);
    expect(seen.connects).toBe(0);
  });

  it('Given a good count and a bad tuning flag, Then the flag is named and nothing connects', async () => {
    const { input, seen } = commandInput({ 'state-dir': mkdtempSync(join(tmpdir(), 'scale-')), requests: '0' }, ['3']);
    expect(await run(input)).toBe(2);
    expect(seen.err).toMatch(/^ecs-alb-wizard: flag --requests must be a whole number from 1/);
    expect(seen.connects).toBe(0);
  });

  it('Given scale 3 (a good count) and no region, Then the region is what it reports, after the lock was taken and given back', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'scale-'));
    const { input, seen } = commandInput({ 'state-dir': stateDir }, ['3']);
    expect(await run(input)).toBe(1);
    expect(seen.err).toMatch(/resolve the AWS region/);
    expect(seen.connects).toBe(1);
    expect(existsSync(join(stateDir, 'stack-demo.lock'))).toBe(false);
  });
});
