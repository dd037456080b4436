import { steps } from '../../source/steps/index.js';
import { describe, expect, it } from 'vitest';
import type { RunnerEvent } from '../../source/model/events.js';
import { at, finishedRecord } from '../engine/verifiable-stack.js';
import { portVerifying, report } from './opened-stack.js';

describe('the wizard port: verify from the menu', () => {
  it('Given the targets never all got healthy, then the step log says so and the FAIL report is shown', async () => {
    // Given
    const waitTimeout =
      'timed out after 2s waiting for 3 healthy targets for service demo-service (healthy 2/3, running 3/3)';
    const { port, io, seen, verified } = portVerifying({ report, waitTimeout });
    // When
    const shown = await port.verify(io);
    // Then
    expect(shown).toBe(report);
    expect(verified).toEqual(['scale-out']);
    expect(seen).toEqual([
      { type: 'log', step: 'scale-out', message: `${waitTimeout}; verified the tasks running now` },
    ]);
  });

  it('Given healthy targets, then only the report comes back, with nothing logged', async () => {
    const { port, io, seen } = portVerifying({ report });
    expect(await port.verify(io)).toBe(report);
    expect(seen).toEqual([]);
  });
});

const verifiedAfterEach = {
  service: { verdict: 'PASS', backends: 1, expected: 1, requests: 200, at: at(1) },
  'scale-out': { verdict: 'PASS', backends: 2, expected: 2, requests: 200, at: at(2) },
} as const;

const verifyResults = (seen: RunnerEvent[]) => seen.flatMap((e) => (e.type === 'verify-result' ? [e.step] : []));

describe('the wizard port: setup verifies a step unless a verification after its last completion is saved', () => {
  it('Given a finished stack verified after each step, When setup runs again, Then nothing is verified and every step is listed once', async () => {
    // Given
    const { port, io, seen, verified } = portVerifying(
      { report },
      finishedRecord({ verifications: verifiedAfterEach }),
    );
    // When
    const end = await port.setup(io, { skip: [] });
    // Then
    expect(end).toEqual({ kind: 'done', verification: 'verified' });
    expect(verified).toEqual([]);
    expect(verifyResults(seen)).toEqual([]);
    // Every step once: done earlier, or (capacity, instances) not for an existing cluster
    expect(seen.filter((e) => e.type === 'step-skip')).toHaveLength(steps.length);
  });

  it('Given a finished stack whose scale-out verification FAILED, When setup runs again, Then it ends done but failed, sending nothing', async () => {
    const verifications = {
      ...verifiedAfterEach,
      'scale-out': { ...verifiedAfterEach['scale-out'], verdict: 'FAIL', backends: 1 },
    } as const;
    const { port, io, verified } = portVerifying({ report }, finishedRecord({ verifications }));
    expect(await port.setup(io, { skip: [] })).toEqual({ kind: 'done', verification: 'failed' });
    expect(verified).toEqual([]);
  });

  it('Given scale-out done again after its verification, When setup runs, Then only scale-out is verified, with the run signal, and its report is shown', async () => {
    // Given: scale-out finished at 10:03, its last verification started at 10:02
    const record = finishedRecord({ doneAt: { 'scale-out': at(3) }, verifications: verifiedAfterEach });
    const { port, io, seen, verified, signals } = portVerifying({ report }, record);
    // When
    await port.setup(io, { skip: [] });
    // Then
    expect(verified).toEqual(['scale-out']);
    expect(signals).toEqual([io.signal]);
    expect(seen.filter((e) => e.type === 'verify-result')).toEqual([
      { type: 'verify-result', step: 'scale-out', report },
    ]);
  });

  it('Given no verification saved, When setup runs, Then the service is verified, then scale-out', async () => {
    const { port, io, seen, verified } = portVerifying({ report }, finishedRecord());
    await port.setup(io, { skip: [] });
    expect(verified).toEqual(['service', 'scale-out']);
    expect(verifyResults(seen)).toEqual(['service', 'scale-out']);
  });

  it('Given the user skips a failed scale-out, When setup runs, Then only the service is verified and scale-out is shown skipped', async () => {
    // Given
    const record = finishedRecord();
    record.steps['scale-out'] = { status: 'failed', error: 'timed out', updatedAt: at(3) };
    const { port, io, seen, verified } = portVerifying({ report }, record);
    // When
    const end = await port.setup(io, { skip: ['scale-out'] });
    // Then
    // The verifier here saves nothing, so the service stands unverified
    expect(end).toEqual({ kind: 'done', verification: 'unverified' });
    expect(verified).toEqual(['service']);
    expect(seen.at(-1)).toEqual({
      type: 'step-skip',
      step: 'scale-out',
      title: 'Scale the service out',
      reason: 'skipped: the service keeps the tasks it has (scale later with `scale N`)',
    });
  });

  it('Given a verifier that cannot run, When setup runs, Then each step logs it and setup still ends done', async () => {
    const { port, io, seen } = portVerifying(new Error('connect ECONNREFUSED 127.0.0.1:80'), finishedRecord());
    expect(await port.setup(io, { skip: [] })).toEqual({ kind: 'done', verification: 'unverified' });
    expect(seen.filter((e) => e.type === 'log')).toEqual([
      {
        type: 'log',
        step: 'service',
        message: 'verification could not run: connect ECONNREFUSED 127.0.0.1:80 (run verify later)',
      },
      {
        type: 'log',
        step: 'scale-out',
        message: 'verification could not run: connect ECONNREFUSED 127.0.0.1:80 (run verify later)',
      },
    ]);
  });
});
