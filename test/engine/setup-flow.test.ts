import { describe, expect, it } from 'vitest';
import { currentVerification, lastVerification } from '../../source/engine/setup-flow.js';
import { at, finishedRecord } from './verifiable-stack.js';

const pass = (minutes: number) =>
  ({ verdict: 'PASS', backends: 2, expected: 2, requests: 200, at: at(minutes) }) as const;

describe('currentVerification: the one rule for "already verified"', () => {
  it.each([
    ['saved after the step finished', at(0), pass(1), true],
    ['saved the moment the step finished', at(1), pass(1), true],
    ['saved before the step finished again', at(2), pass(1), false],
    ['none saved', at(0), undefined, false],
  ])('a done step with a verification %s: verified = %s', (_case, doneAt, saved, verified) => {
    const record = finishedRecord({
      doneAt: { 'scale-out': doneAt },
      ...(saved ? { verifications: { 'scale-out': saved } } : {}),
    });
    expect(currentVerification(record, 'scale-out')).toEqual(verified ? saved : undefined);
  });

  it('a step not done is never verified, whatever is saved', () => {
    const record = finishedRecord({ verifications: { 'scale-out': pass(5) } });
    record.steps['scale-out'] = { status: 'failed', error: 'timed out', updatedAt: at(3) };
    expect(currentVerification(record, 'scale-out')).toBeUndefined();
    expect(currentVerification(undefined, 'service')).toBeUndefined();
  });
});

describe('lastVerification', () => {
  it('is the newest saved, with the step it followed', () => {
    const record = finishedRecord({ verifications: { service: pass(4), 'scale-out': pass(2) } });
    expect(lastVerification(record)).toEqual({ ...pass(4), step: 'service' });
    expect(lastVerification(finishedRecord())).toBeUndefined();
  });
});
