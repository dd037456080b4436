import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../source/commands/status.js';
import { at, finishedRecord } from '../engine/verifiable-stack.js';

describe('status text', () => {
  it('Given verifications saved after each step (one from before requests were recorded), Then each is listed under its step', () => {
    const record = finishedRecord({
      verifications: {
        'scale-out': { verdict: 'FAIL', backends: 1, expected: 2, requests: 240, at: at(2) },
        service: { verdict: 'PASS', backends: 1, expected: 1, at: at(1) },
      },
    });
    const text = formatStatus({ stack: 'demo', record, steps: [], live: {} });
    expect(text).toContain(
      [
        'Last verification:',
        `  after service: PASS (1 of 1 backends answered, ${at(1)})`,
        `  after scale-out: FAIL (1 of 2 backends answered, 240 requests, ${at(2)})`,
      ].join('\n'),
    );
  });
});
