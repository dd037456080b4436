/**
 * A fixed-size latency histogram: logarithmic buckets, 32 per power of two (about 2 % relative
 * precision) from 1 µs to ~4.5 min. Memory stays the same whether it holds 10 or 10 million
 * samples, which keeps the verifier flat over long runs.
 */
const PER_OCTAVE = 32;
const OCTAVES = 28;
const SIZE = PER_OCTAVE * OCTAVES + 1;

export type Histogram = { buckets: Uint32Array; count: number; min: number; max: number };

export function createHistogram(): Histogram {
  return { buckets: new Uint32Array(SIZE), count: 0, min: Number.POSITIVE_INFINITY, max: 0 };
}

function bucketOf(ms: number): number {
  const us = ms * 1000;
  if (!(us >= 1)) return 0;
  return Math.min(SIZE - 1, 1 + Math.floor(Math.log2(us) * PER_OCTAVE));
}

function valueOf(bucket: number): number {
  if (bucket === 0) return 0.0005;
  return 2 ** ((bucket - 1 + 0.5) / PER_OCTAVE) / 1000;
}

/** Adds one sample, in milliseconds. */
export function record(histogram: Histogram, ms: number): void {
  const index = bucketOf(ms);
  histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
  histogram.count += 1;
  if (ms < histogram.min) histogram.min = ms;
  if (ms > histogram.max) histogram.max = ms;
}

/** The q-quantile (0..1) in milliseconds, within bucket precision and clamped to the seen range. */
export function quantile(histogram: Histogram, q: number): number | undefined {
  if (histogram.count === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * histogram.count));
  let seen = 0;
  for (let index = 0; index < SIZE; index += 1) {
    seen += histogram.buckets[index] ?? 0;
    if (seen >= rank) return Math.min(histogram.max, Math.max(histogram.min, valueOf(index)));
  }
  return histogram.max;
}

/** Adds every sample of `from` into `into`. */
export function merge(into: Histogram, from: Histogram): void {
  for (let index = 0; index < SIZE; index += 1) {
    into.buckets[index] = (into.buckets[index] ?? 0) + (from.buckets[index] ?? 0);
  }
  into.count += from.count;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
}
