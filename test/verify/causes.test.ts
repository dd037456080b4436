import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../verify/types.js';
import { ok, reportOf, times } from './helpers/reports.js';

const sticky = (id: string): Outcome => ({ kind: 'ok', id, latencyMs: 2, sticky: 'AWSALB' });
const even = (ids: string[], each: number, make = ok): Outcome[] => ids.flatMap((id) => times(each, make(id)));
const byId = (report: ReturnType<typeof reportOf>, id: string) => report.findings.find((f) => f.id === id);

describe('causes the verifier can see', () => {
  it('Given AWSALB cookies on the answers, then stickiness is named as a note, with how often and what it means', () => {
    const report = reportOf(even(['a', 'b', 'c'], 80, sticky), [{ id: 'a' }, { id: 'b' }, { id: 'c' }]);
    expect(report.verdict).toBe('PASS');
    expect(report.cookies).toEqual([{ name: 'AWSALB', count: 240 }]);
    expect(byId(report, 'stickiness')).toMatchObject({ severity: 'note' });
    expect(byId(report, 'stickiness')?.text).toContain('stickiness is on: the load balancer set AWSALB on 240 answers');
    expect(byId(report, 'stickiness')?.text).toContain('this run sends no cookies');
  });

  it('Given no cookies and stickiness off, then stickiness is not mentioned', () => {
    expect(byId(reportOf(even(['a', 'b'], 60), [{ id: 'a' }, { id: 'b' }]), 'stickiness')).toBeUndefined();
  });

  it('Given a target group with stickiness enabled, then the note names its type and lifetime and how to turn it off', () => {
    const report = reportOf(even(['a', 'b'], 60), [{ id: 'a' }, { id: 'b' }], {
      targetGroup: 'arn:tg',
      stickiness: { enabled: true, type: 'lb_cookie', durationSeconds: 86400 },
    });
    expect(byId(report, 'stickiness')?.text).toContain('(stickiness.type lb_cookie)');
    expect(byId(report, 'stickiness')?.text).toContain('for up to 86400 s');
    expect(byId(report, 'stickiness')?.text).toContain('--attributes Key=stickiness.enabled,Value=false');
  });

  it('Given a task still in slow start taking less than its share, then slow start is the cause, with until when', () => {
    const outcomes = [...times(120, ok('a')), ...times(120, ok('b')), ...times(20, ok('new'))];
    const report = reportOf(
      outcomes,
      [{ id: 'a' }, { id: 'b' }, { id: 'new', rampsUntil: '2026-11-25T10:00:40.000Z' }],
      {
        slowStartSeconds: 60,
      },
    );
    expect(report.verdict).toBe('FAIL');
    expect(byId(report, 'slow-start')).toMatchObject({ severity: 'cause' });
    expect(byId(report, 'slow-start')?.text).toContain(
      'slow start is on (slow_start.duration_seconds = 60): the load balancer was still ramping up new (7.7%) until about 10:00:40 UTC',
    );
  });

  it('Given slow start on but every target ramped before the run, then nothing is said', () => {
    const report = reportOf(even(['a', 'b'], 60), [{ id: 'a', rampsUntil: '2026-11-25T09:59:00.000Z' }, { id: 'b' }], {
      slowStartSeconds: 60,
    });
    expect(byId(report, 'slow-start')).toBeUndefined();
  });

  it('Given answers carrying a fixed hostname the caller knew of, then that is the cause, in its words', () => {
    const report = reportOf(times(50, ok('web')), [{ id: 'a' }, { id: 'b' }], {
      otherIds: [{ id: 'web', explanation: "task definition demo:3 sets hostname 'web'" }],
    });
    expect(report.findings).toEqual([
      { id: 'other-id', severity: 'cause', text: "task definition demo:3 sets hostname 'web'" },
    ]);
  });

  it('Given answers carrying no expected id and nothing known why, then it says so and points at --hostname-regex', () => {
    const report = reportOf(times(50, ok('<html>')), [{ id: 'a' }, { id: 'b' }]);
    expect(byId(report, 'no-expected-id')?.text).toContain('no answer carried an expected backend id (heard: <html>)');
  });

  it.each([
    ['weighted_random', false, 'targets are picked at random'],
    ['least_outstanding_requests', false, 'evenness is not promised, so the shares are shown but not judged'],
    ['weighted_random', true, 'anomaly mitigation on'],
  ])(
    'Given routing by %s (anomaly mitigation %s), then a note says what that means for evenness',
    (algorithm, anomalyMitigation, words) => {
      const report = reportOf(even(['a', 'b'], 60), [{ id: 'a' }, { id: 'b' }], { algorithm, anomalyMitigation });
      expect(byId(report, 'algorithm')?.text).toContain(words);
    },
  );

  it('Given cross-zone off and backends even over AZs, then a note (not a cause) says each still gets its share', () => {
    const expected = [
      { id: 'a', zone: 'az-a' },
      { id: 'b', zone: 'az-c' },
    ];
    const report = reportOf(even(['a', 'b'], 60), expected, { crossZone: false });
    expect(report.verdict).toBe('PASS');
    expect(byId(report, 'cross-zone-off')).toMatchObject({ severity: 'note' });
    expect(byId(report, 'cross-zone-off')?.text).toContain('even over Availability Zones (az-a: 1, az-c: 1)');
  });
});
