import { render } from 'ink-testing-library';
import { Box } from 'ink';
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportJson, JSON_SCHEMA } from '../../verify/report-json.js';
import { reportText } from '../../verify/report-text.js';
import { VerificationView } from '../../verify/report.js';
import { ecsBackends, ok, reportOf, times } from './helpers/reports.js';

// Colour support is decided when Ink loads; force it so that "no colour" is a real difference.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '1';
});

const ANSI = new RegExp(String.fromCharCode(27) + '\\[');
const passing = () =>
  reportOf(
    [
      ...times(80, ok('3f2a9b1c0d4e', 1.5)),
      ...times(79, ok('77aa00bb11cc', 2.5)),
      ...times(80, ok('c0ffee000001', 40)),
    ],
    ecsBackends.map((b) => ({ ...b, targetHealth: 'healthy', targetReason: undefined })),
  );
const failing = () =>
  reportOf(
    [
      ...times(15, ok('3f2a9b1c0d4e')),
      ...times(15, ok('77aa00bb11cc')),
      { kind: 'error', error: 'status', status: 502, latencyMs: 3 },
    ],
    ecsBackends,
  );

describe('plain-text report', () => {
  it('Given a PASS, then the verdict, one row per backend with task and instance:port, and four ✓ criteria', () => {
    const text = reportText(passing());
    expect(text.split('\n')[0]).toBe('PASS  http://demo-alb-1234.ap-northeast-1.elb.amazonaws.com/hostname');
    expect(text).toMatch(/3f2a9b1c0d4e {2}█{16} {2}80 {2}33\.5% \(2\d\.\d–4\d\.\d\) {2}p50 1\.5ms p95 1\.5ms/);
    expect(text).toContain('task 0a1b2c3d… on i-0abc1234def567890:32768, target healthy');
    expect(text.match(/^ {2}✓ /gm)).toHaveLength(4);
    expect(text).toContain('239 requests in 0.4 s');
    expect(text).toContain(
      "✓ even spread: every backend's share within ±35% of its fair share, shown at 99% confidence: shown after 239 answers",
    );
  });

  it('Given a silent unhealthy task and a 502, then it says which task, where, and what to fix', () => {
    const text = reportText(failing());
    expect(text.split('\n')[0]).toMatch(/^FAIL/);
    expect(text).toContain('errors: HTTP 502 ×1');
    expect(text).toContain(
      "! task 3f2a4e5f… (c0ffee000001) on i-0abc1234def567890 port 32772 never answered; its target is unhealthy (Target.Timeout): the instances' security group must allow the ALB security group on 32768-65535",
    );
    expect(text).toMatch(/c0ffee000001 {2}░{16} {2} 0 {2}\s*0\.0% \(0\.0–\d+\.\d\) +\(never answered\)/);
    expect(text).toMatch(/✗ every expected backend answered: 2\/3 answered; never heard from: c0ffee000001/);
  });

  it('Given nodes and findings, then each node shows its AZ, requests and the backends it reached, and causes and notes are labelled', () => {
    const report = {
      ...passing(),
      nodes: [
        {
          address: '10.0.1.23',
          port: 80,
          zone: 'ap-northeast-1a',
          sent: 120,
          ok: 120,
          failed: 0,
          backends: [{ id: '3f2a9b1c0d4e', count: 120 }],
        },
        {
          address: '2600:1f18::7',
          port: 80,
          zone: 'ap-northeast-1c',
          sent: 119,
          ok: 118,
          failed: 1,
          backends: [
            { id: '77aa00bb11cc', count: 60 },
            { id: 'c0ffee000001', count: 58 },
          ],
          gone: true,
        },
      ],
      findings: [
        { id: 'nodes-disjoint', severity: 'cause', text: 'each load balancer node reached only its own backends' },
        { id: 'stickiness', severity: 'note', text: 'stickiness is on' },
      ] as const,
    };
    const text = reportText({ ...report, findings: [...report.findings] });
    expect(text).toContain('  load balancer nodes (2):');
    expect(text).toContain('    10.0.1.23:80 ap-northeast-1a  120 requests, reached 1/3 backends: 3f2a9b1c0d4e ×120');
    expect(text).toContain(
      '    [2600:1f18::7]:80 ap-northeast-1c  119 requests, 1 failed, reached 2/3 backends: 77aa00bb11cc ×60, c0ffee000001 ×58 (left DNS during the run)',
    );
    expect(text).toContain('  cause: each load balancer node reached only its own backends');
    expect(text).toContain('  note: stickiness is on');
  });

  it('Given backend rows, then they fit in 80 columns', () => {
    const rows = reportText(passing())
      .split('\n')
      .filter((line) => line.includes('█') || line.includes('task '));
    for (const line of rows) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe('JSON report', () => {
  it('Given a report, then --json prints one parseable document with the documented fields', () => {
    const document = JSON.parse(reportJson(failing())) as Record<string, unknown>;
    expect(document).toMatchObject({ schema: 'ecs-alb-wizard.verify/2', verdict: 'FAIL', sent: 31, ok: 30, failed: 1 });
    expect(JSON_SCHEMA).toBe('ecs-alb-wizard.verify/2');
    expect(document.spread).toMatchObject({ test: 'equivalence', tolerance: 0.35, confidence: 0.99, fair: 0.3333 });
    expect(Object.keys(document)).toEqual(
      expect.arrayContaining([
        'url',
        'criteria',
        'spread',
        'backends',
        'nodes',
        'findings',
        'cookies',
        'latency',
        'errors',
        'unexpected',
        'missing',
        'stoppedBecause',
        'durationMs',
        'requestsPerSecond',
        'options',
      ]),
    );
    const backends = document.backends as { id: string; share: number; hostPort?: number }[];
    expect(backends.map((b) => [b.id, b.share, b.hostPort])).toEqual([
      ['3f2a9b1c0d4e', 0.5, 32768],
      ['77aa00bb11cc', 0.5, 32771],
      ['c0ffee000001', 0, 32772],
    ]);
  });
});

describe('Ink report view', () => {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });
  let cleanup: (() => void) | undefined;
  afterEach(async () => {
    await act(() => {
      cleanup?.();
      return Promise.resolve();
    });
  });

  async function frameOf(node: React.ReactElement): Promise<string> {
    let frame = '';
    await act(() => {
      const rendered = render(node);
      cleanup = rendered.unmount;
      frame = rendered.lastFrame() ?? '';
      return Promise.resolve();
    });
    return frame;
  }

  it('Given a PASS without colour, then rows, bars, latencies and criteria show with no escape codes', async () => {
    const frame = await frameOf(<VerificationView report={passing()} color={false} />);
    expect(frame).not.toMatch(ANSI);
    expect(frame).toContain(' PASS ');
    expect(frame).toMatch(/77aa00bb11cc {2}█+░* {2}79 {2}33\.1% \(2\d\.\d–4\d\.\d\) {2}p50 2\.5ms p95 2\.5ms/);
    expect(frame).toMatch(/c0ffee000001 {2}█{16} {2}80 {2}33\.5% \(2\d\.\d–4\d\.\d\) {2}p50 40ms/);
    expect(frame).toContain("✓ even spread: every backend's share within ±35% of its fair share");
  });

  it('Given a FAIL in an 80-column box, then no line is wider than 80 and the silent task is explained', async () => {
    const frame = await frameOf(
      <Box width={80}>
        <VerificationView report={failing()} color={false} />
      </Box>,
    );
    for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame).toContain('FAIL');
    expect(frame).toContain('(never answered)');
    expect(frame.replace(/\s+/g, ' ')).toContain('its target is unhealthy (Target.Timeout)');
  });

  it('Given a criterion too long for the width, then it wraps under its text, not under the ✓', async () => {
    const frame = await frameOf(
      <Box width={60}>
        <VerificationView report={passing()} color={false} />
      </Box>,
    );
    const lines = frame.split('\n');
    const criteria = lines.slice(lines.findIndex((line) => line.startsWith('  ✓ ')));
    expect(criteria.length).toBeGreaterThan(4);
    for (const line of criteria) expect(line).toMatch(/^( {2}✓ | {4})\S/);
  });

  it('Given colour on, then the verdict is painted (so the NO_COLOR check below means something)', async () => {
    const frame = await frameOf(<VerificationView report={passing()} color />);
    expect(frame).toMatch(ANSI);
  });

  it('Given NO_COLOR in the environment, then the view prints no colour codes by default', async () => {
    process.env.NO_COLOR = '1';
    try {
      const frame = await frameOf(<VerificationView report={failing()} />);
      expect(frame).not.toMatch(ANSI);
      expect(frame).toContain('✗');
    } finally {
      delete process.env.NO_COLOR;
    }
  });
});
