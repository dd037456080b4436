import { afterEach, describe, expect, it } from 'vitest';
import type { MockAgent } from 'undici';
import { verify } from '../../verify/run.js';
import type { ExpectedBackend, VerificationInput } from '../../verify/types.js';
import { fakeAlb, requestsSeen, URL_, type FakeBackend } from './helpers/fake-alb.js';

let agent: MockAgent | undefined;
afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

const expecting = (...ids: string[]): ExpectedBackend[] => ids.map((id) => ({ id }));

async function run(backends: FakeBackend[], input: Omit<VerificationInput, 'url'> = {}) {
  agent = fakeAlb(backends);
  const report = await verify({ url: URL_, dispatcher: agent, ...input });
  return { report, seen: requestsSeen(agent) };
}

const failed = (report: Awaited<ReturnType<typeof verify>>) => report.criteria.filter((c) => !c.pass).map((c) => c.id);

describe('verify against a fake load balancer (undici MockAgent)', () => {
  it('Given three healthy backends, then PASS within 300 requests, each backend about a third with its interval', async () => {
    const { report, seen } = await run([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { expected: expecting('a', 'b', 'c') });
    expect(report.verdict).toBe('PASS');
    expect(report.stoppedBecause).toBe('settled-pass');
    expect(seen).toBeLessThanOrEqual(300);
    expect(report.sent).toBe(seen);
    for (const backend of report.backends) {
      expect(backend.share).toBeCloseTo(1 / 3, 1);
      expect(backend.interval?.low).toBeGreaterThanOrEqual(report.spread?.low ?? 1);
      expect(backend.interval?.high).toBeLessThanOrEqual(report.spread?.high ?? 0);
    }
  });

  it('Given an expected backend that the balancer never routes to, then FAIL naming it', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'b' }], { expected: expecting('a', 'b', 'c') });
    expect(report.verdict).toBe('FAIL');
    expect(report.missing.map((m) => m.id)).toEqual(['c']);
    expect(failed(report)).toContain('all-answered');
    expect(report.stoppedBecause).toBe('settled-fail');
  });

  it('Given a backend nobody expected, then FAIL naming it as unexpected', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'b' }, { id: 'old-task' }], { expected: expecting('a', 'b') });
    expect(report.verdict).toBe('FAIL');
    expect(report.unexpected).toEqual(['old-task']);
    expect(report.stoppedBecause).toBe('settled-fail');
    expect(failed(report)).toContain('no-unexpected');
    expect(failed(report)).not.toContain('all-answered');
  });

  it('Given two backends answering the same id, then the id counts double and the third expected id is missing', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'a' }, { id: 'c' }], { expected: expecting('a', 'b', 'c') });
    expect(report.verdict).toBe('FAIL');
    expect(report.missing.map((m) => m.id)).toEqual(['b']);
    const a = report.backends.find((b) => b.id === 'a');
    const c = report.backends.find((b) => b.id === 'c');
    expect(a && c && a.count / c.count).toBeCloseTo(2, 0);
  });

  it('Given two backends answering the same id and only a count of 3 expected, then FAIL: 2/3 answered', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'a' }, { id: 'c' }], { expectCount: 3 });
    expect(report.verdict).toBe('FAIL');
    expect(report.criteria.find((c) => c.id === 'all-answered')?.evidence).toBe('2/3 answered');
  });

  it('Given one backend answering 502, then FAIL with the errors counted by status', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'b', status: 502 }, { id: 'c' }], {
      expected: expecting('a', 'b', 'c'),
    });
    expect(report.verdict).toBe('FAIL');
    expect(report.errors[0]).toMatchObject({ kind: 'status', status: 502, label: 'HTTP 502' });
    expect(failed(report)).toContain('error-rate');
  });

  it('Given one backend answering 500 and an error budget of 40 %, then the error criterion passes and b is missing', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'b', status: 500 }, { id: 'c' }], {
      expected: expecting('a', 'b', 'c'),
      maxErrorRate: 0.4,
    });
    expect(report.criteria.find((c) => c.id === 'error-rate')?.pass).toBe(true);
    expect(report.missing.map((m) => m.id)).toEqual(['b']);
  });

  it('Given a backend that times out, then FAIL with timeouts counted', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'b', fail: 'timeout' }], { expected: expecting('a', 'b') });
    expect(report.verdict).toBe('FAIL');
    expect(report.errors.map((e) => e.label)).toContain('timeout');
  });

  it('Given a backend refusing connections, then FAIL with connection refused counted', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'b', fail: 'refused' }], { expected: expecting('a', 'b') });
    expect(report.errors.map((e) => e.label)).toContain('connection refused');
    expect(report.verdict).toBe('FAIL');
  });

  it('Given a connection reset, then it is counted as a reset', async () => {
    const { report } = await run([{ id: 'a', fail: 'reset' }]);
    expect(report.errors.map((e) => e.label)).toEqual(['connection reset']);
  });

  it('Given everything down, then a clear FAIL without throwing: nothing answered, all errors', async () => {
    const { report } = await run([{ id: 'x', fail: 'refused' }], { expected: expecting('a', 'b', 'c') });
    expect(report.verdict).toBe('FAIL');
    expect(report.ok).toBe(0);
    expect(report.missing.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(failed(report)).toEqual(['all-answered', 'error-rate', 'even-spread']);
  });

  it('Given a 5:1:1 skew, then FAIL on even spread (and only on it)', async () => {
    const { report } = await run([{ id: 'a', weight: 5 }, { id: 'b' }, { id: 'c' }], {
      expected: expecting('a', 'b', 'c'),
    });
    expect(report.verdict).toBe('FAIL');
    expect(failed(report)).toEqual(['even-spread']);
  });

  it('Given one slow backend (150 ms) under round-robin, then PASS and its latency shows it', async () => {
    const { report } = await run([{ id: 'a' }, { id: 'slow', delayMs: 150 }, { id: 'c' }], {
      expected: expecting('a', 'slow', 'c'),
    });
    expect(report.verdict).toBe('PASS');
    const slow = report.backends.find((b) => b.id === 'slow');
    const fast = report.backends.find((b) => b.id === 'a');
    expect(slow?.latency?.p50).toBeGreaterThanOrEqual(140);
    expect(fast?.latency?.p50).toBeLessThan(100);
  });

  it('Given no expectations, then at least 100 requests are sent before the spread over the backends heard settles a PASS', async () => {
    const { report, seen } = await run([{ id: 'a' }, { id: 'b' }]);
    expect(seen).toBeGreaterThanOrEqual(100);
    expect(seen).toBeLessThanOrEqual(100 + 8);
    expect(report).toMatchObject({ verdict: 'PASS', sent: seen, stoppedBecause: 'settled-pass' });
  });

  it('Given a hostname regex, then the id is its first group', async () => {
    agent = fakeAlb([{ id: 'host=a1;' }, { id: 'host=b2;' }]);
    const report = await verify({
      url: URL_,
      dispatcher: agent,
      hostnameRegex: /host=(\w+);/,
      expected: expecting('a1', 'b2'),
    });
    expect(report.verdict).toBe('PASS');
  });

  it('Given an aborted signal, then nothing more is sent and the report says interrupted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { report, seen } = await run([{ id: 'a' }], { signal: controller.signal });
    expect(seen).toBe(0);
    expect(report.stoppedBecause).toBe('aborted');
    expect(report.verdict).toBe('FAIL');
  });

  it('Given progress reporting, then the callback sees the tally grow', async () => {
    const seen: number[] = [];
    await run([{ id: 'a' }, { id: 'b' }], { progressEveryMs: 0, onProgress: (s) => seen.push(s.sent) });
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBeGreaterThan(seen[0] ?? 0);
  });
});
