import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchReportHtml } from '../../verify/report-html.js';
import { watchReportSvg } from '../../verify/report-svg.js';
import { deployPassing, scaleOutInWith502 } from './helpers/watch-reports.js';

/** Debian's chromium, driven by playwright-core; no browser is ever downloaded. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install it with 'apt-get install -y chromium' to test the watch report`);
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  dir = mkdtempSync(join(tmpdir(), 'watch-report-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a file in a fresh page, recording console errors, page errors and every request made. */
async function open(
  name: string,
  body: string,
): Promise<{ page: Page; url: string; errors: string[]; requests: string[] }> {
  const path = join(dir, name);
  writeFileSync(path, body);
  const url = pathToFileURL(path).href;
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, errors, requests };
}

/** One attribute of every element a selector finds, in document order (no DOM types needed). */
async function attributes(page: Page, selector: string, name: string): Promise<(string | null)[]> {
  const found = page.locator(selector);
  const all = await found.all();
  return Promise.all(all.map((el) => el.getAttribute(name)));
}

/** The screen x of an axis tick (its line), to place a second independently of the renderer's numbers. */
async function tickX(page: Page, second: number): Promise<number> {
  const box = await page.locator(`.tick[data-second="${second}"] line`).boundingBox();
  if (!box) throw new Error(`no tick at ${second} s`);
  return box.x + box.width / 2;
}

describe('the watch report in a real browser', () => {
  it('Given a scale 1 → 3 → 1 with a 502 while draining, when the HTML opens, then lanes, marks and verdict are drawn', async () => {
    const report = scaleOutInWith502();
    const { page, url, errors, requests } = await open('scale.html', watchReportHtml(report, 'scale demo 1 → 3 → 1'));
    try {
      // One lane per backend, each labelled with its id.
      const lanes = page.locator('svg .lane');
      expect(await lanes.count()).toBe(report.lanes.length);
      expect(await attributes(page, 'svg .lane', 'data-backend')).toEqual(report.lanes.map((l) => l.backend));
      // The failure mark sits over second 41 on the axis.
      const mark = await page.locator('.failure-mark rect').boundingBox();
      const [at0, at10] = [await tickX(page, 0), await tickX(page, 10)];
      expect(Math.abs(mark!.x - (at0 + (41 * (at10 - at0)) / 10))).toBeLessThanOrEqual(1);
      expect(await page.locator('.failure-mark title').textContent()).toBe('41 s: 1 of 20 failed (502 ×1)');
      // Every event is marked, the change's own with their labels, each with a tooltip.
      expect(await page.locator('.event-mark').count()).toBe(report.events.length);
      const labels = await page.locator('.event-label').allTextContents();
      expect(labels).toContain('change started: desired count 1 → 3');
      expect(labels).toContain('change started: desired count 3 → 1');
      expect(await page.locator('.event-mark > title').count()).toBe(report.events.length);
      // The verdict and the failed criterion's fix are on the page.
      expect(await page.locator('h1 .verdict').textContent()).toBe('FAIL');
      const stopped = page.locator('.criterion[data-id="stopped-after-drained"]');
      expect(await stopped.textContent()).toContain('✖ FAIL');
      expect(await stopped.textContent()).toContain('deregistration_delay.timeout_seconds');
      // The lane of the task stopped early is visibly drawn over the drain it did not wait for.
      const drain = await page.locator('.lane[data-backend="9a8b7c6d5e4f"] .lane-draining').boundingBox();
      // (its dashed outline reaches half a stroke beyond the rectangle)
      expect(Math.abs(drain!.x - (at0 + (38 * (at10 - at0)) / 10))).toBeLessThanOrEqual(1);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('Given a deploy, when the SVG file opens on its own, then it draws both revisions, the verdict and nothing else loads', async () => {
    const report = deployPassing();
    const { page, url, errors, requests } = await open('deploy.svg', watchReportSvg(report, 'deploy demo-web:2'));
    try {
      expect(await page.evaluate('document.documentElement.tagName')).toBe('svg');
      expect(await page.locator('.lane').count()).toBe(2);
      expect(await page.locator('.verdict').textContent()).toBe('PASS');
      expect(await page.locator('.failure-mark').count()).toBe(0);
      expect(await page.locator('.event-label').allTextContents()).toContain('deployment COMPLETED');
      const fills = await attributes(page, '.lane .lane-serving', 'fill');
      expect(new Set(fills).size).toBe(2);
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
