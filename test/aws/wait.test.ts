import { describe, expect, it } from 'vitest';
import { abortableSleep, pollUntil, WaitTimeoutError } from '../../source/aws/wait.js';

function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return { now: () => now, sleep: (ms: number) => (sleeps.push(ms), (now += ms), Promise.resolve()), sleeps };
}

describe('pollUntil', () => {
  it('Given a condition met on the 4th look, Then it polls with growing delays up to the max and reports progress', async () => {
    const time = fakeTime();
    let looks = 0;
    const progress: string[] = [];
    const value = await pollUntil({
      what: 'thing',
      policy: { timeoutMs: 60_000, minDelayMs: 1000, maxDelayMs: 2000 },
      ...time,
      check: () => Promise.resolve({ done: ++looks === 4, value: looks, progress: `look ${looks}` }),
      onProgress: (_v, p) => progress.push(p ?? ''),
    });
    expect(value).toBe(4);
    expect(time.sleeps).toEqual([1000, 1500, 2000]);
    expect(progress).toEqual(['look 1', 'look 2', 'look 3', 'look 4']);
  });

  it('Given it never happens, Then it stops at the timeout with what, progress and the likely cause', async () => {
    const time = fakeTime();
    const wait = pollUntil({
      what: '3 healthy targets',
      policy: { timeoutMs: 10_000, minDelayMs: 1000, maxDelayMs: 1000 },
      ...time,
      check: () => Promise.resolve({ done: false, value: 'x', progress: 'healthy 2/3' }),
      explainTimeout: () => 'the security group rule is missing',
    });
    await expect(wait).rejects.toBeInstanceOf(WaitTimeoutError);
    await expect(
      pollUntil({
        what: '3 healthy targets',
        policy: { timeoutMs: 10_000, minDelayMs: 1000, maxDelayMs: 1000 },
        ...fakeTime(),
        check: () => Promise.resolve({ done: false, value: 'x', progress: 'healthy 2/3' }),
        explainTimeout: () => 'the security group rule is missing',
      }),
    ).rejects.toThrow(
      'timed out after 10s waiting for 3 healthy targets (healthy 2/3): the security group rule is missing. Raise --wait-timeout to wait longer',
    );
    expect(time.now()).toBeLessThanOrEqual(10_000);
  });

  it('Given the signal aborts during a real sleep, Then the wait ends at once', async () => {
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(sleeping).rejects.toThrow('interrupted');
  });
});
