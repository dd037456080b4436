import { describe, expect, it } from 'vitest';
import { watchReportFile, watchReportHtml } from '../../verify/report-html.js';
import { layoutOf, xOf } from '../../verify/report-layout.js';
import { watchReportSvg } from '../../verify/report-svg.js';
import { deployPassing, scaleOutInWith502, sixHourWatch } from './helpers/watch-reports.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('the watch report as HTML and SVG', () => {
  it('Given a scale 1 → 3 → 1, when rendered, then it draws a lane per backend and a failure mark at its second', () => {
    const report = scaleOutInWith502();
    const html = watchReportHtml(report, 'scale demo');
    expect(count(html, /<g class="lane"/g)).toBe(3);
    expect(html).toMatch(/<g class="failure-mark" data-second="41" data-count="1">/);
    expect(count(html, /class="failure-mark"/g)).toBe(1);
    expect(count(html, /class="event-mark/g)).toBe(report.events.length);
    expect(html).toContain('<span class="verdict fail">FAIL</span>');
    expect(html).toContain('Set deregistration_delay.timeout_seconds below the container stopTimeout');
    expect(html).toContain('i-0a1b2c3d4e5f60001:32770 draining (task 7c1d88aa); task 7c1d88aa stopped');
  });

  it('Given a lane that drained, when laid out, then it serves until draining starts and ends where the drain finished', () => {
    const report = scaleOutInWith502();
    const layout = layoutOf(report, 30);
    const b = layout.lanes.find((l) => l.lane.backend === '0f1e2d3c4b5a')!;
    expect([b.startedMs, b.fromMs, b.drainingMs, b.toMs]).toEqual([3000, 12_000, 38_000, 48_000]);
    // The lane that was there before the change starts at 0 and runs to the end of the watch.
    const a = layout.lanes.find((l) => l.lane.before)!;
    expect([a.fromMs, a.toMs, layout.lanes.indexOf(a)]).toEqual([0, 60_000, 0]);
    expect(xOf(layout, 41_000) - xOf(layout, 40_000)).toBeCloseTo(layout.pxPerSecond);
  });

  it('Given a deploy, when rendered, then the old and new revisions get different colours in lanes and legend', () => {
    const layout = layoutOf(deployPassing(), 30);
    expect(layout.colours.map(([revision]) => revision)).toEqual(['demo-web:1', 'demo-web:2']);
    expect(layout.lanes[0]!.colour).not.toBe(layout.lanes[1]!.colour);
    const html = watchReportHtml(deployPassing());
    expect(html).toContain('<span class="verdict pass">PASS</span>');
    expect(html).toContain('No request failed.');
  });

  it('Given text from ECS with markup in it, when rendered, then it is escaped and nothing loads from elsewhere', () => {
    const report = scaleOutInWith502();
    report.events.push({ at: 0, atMs: 20_000, kind: 'message', detail: '<script>alert("x")</script> & <img src=x>' });
    for (const text of [watchReportHtml(report), watchReportSvg(report)]) {
      expect(text).not.toMatch(/<script|<img|<link|<iframe|@import|url\(|\s(src|href)="/i);
      expect(text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x&gt;');
    }
  });

  it('Given a --report path, when it ends in .svg, then the file is a standalone SVG, otherwise HTML', () => {
    const report = deployPassing();
    expect(watchReportFile('out/timeline.SVG', report)).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns=/,
    );
    expect(watchReportFile('out/timeline.html', report)).toMatch(/^<!DOCTYPE html>/);
    expect(watchReportFile('report', report)).toMatch(/^<!DOCTYPE html>/);
  });

  it('Given a 6 h watch, when drawn, then seconds merge into columns 2 px wide or more and the picture stays small', () => {
    const report = sixHourWatch();
    const layout = layoutOf(report, 30);
    expect(layout.binS).toBe(48);
    expect(layout.bins).toHaveLength(450);
    const svg = watchReportSvg(report);
    expect(count(svg, /class="answers"/g)).toBe(450 + 375);
    expect(svg.length).toBeLessThan(300_000);
    expect(layoutOf(report, 30).width).toBeLessThan(1200);
    // The one timeout, at 2 h 0.5 s, is in the column that starts at 7200 s
    expect(svg).toMatch(
      /<g class="failure-mark" data-second="7200" data-count="1"><title>7200–7248 s: 1 of 960 failed/,
    );
  });
});
