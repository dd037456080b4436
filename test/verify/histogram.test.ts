import { describe, expect, it } from 'vitest';
import { createHistogram, merge, quantile, record } from '../../verify/histogram.js';

describe('latency histogram', () => {
  it('Given 1..1000 ms uniformly, then p50/p95/p99 are within 3 % of the exact values', () => {
    const histogram = createHistogram();
    for (let ms = 1; ms <= 1000; ms += 1) record(histogram, ms);
    expect(quantile(histogram, 0.5)).toBeGreaterThan(500 * 0.97);
    expect(quantile(histogram, 0.5)).toBeLessThan(500 * 1.03);
    expect(quantile(histogram, 0.95)! / 950).toBeCloseTo(1, 1);
    expect(quantile(histogram, 0.99)! / 990).toBeCloseTo(1, 1);
  });

  it('Given one sample, then every quantile is that sample', () => {
    const histogram = createHistogram();
    record(histogram, 12.5);
    expect(quantile(histogram, 0.5)).toBe(12.5);
    expect(quantile(histogram, 0.99)).toBe(12.5);
  });

  it('Given no samples, then quantiles are undefined', () => {
    expect(quantile(createHistogram(), 0.5)).toBeUndefined();
  });

  it('Given a million samples, then the histogram keeps the same fixed-size storage', () => {
    const histogram = createHistogram();
    const bytes = histogram.buckets.byteLength;
    for (let i = 0; i < 1_000_000; i += 1) record(histogram, (i % 997) / 10);
    expect(histogram.buckets.byteLength).toBe(bytes);
    expect(histogram.count).toBe(1_000_000);
  });

  it('Given two histograms merged, then the count and range cover both', () => {
    const a = createHistogram();
    const b = createHistogram();
    record(a, 1);
    record(b, 100);
    merge(a, b);
    expect(a.count).toBe(2);
    expect(a.min).toBe(1);
    expect(a.max).toBe(100);
  });
});
