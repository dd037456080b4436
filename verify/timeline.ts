import type { TimelineBucket } from './watch-types.js';

/**
 * The per-second timeline, by the second each request was sent in. It holds one bucket per second
 * of the watch and nothing per request, so a long watch costs seconds, not requests: 6 h is 21,600
 * buckets, each with one count per backend that answered in it.
 */
export class Timeline {
  readonly buckets: TimelineBucket[] = [];

  constructor(private readonly startMs: number) {}

  /** The second (since the start) that `atMs` (epoch ms) falls in. */
  secondOf(atMs: number): number {
    return Math.max(0, Math.floor((atMs - this.startMs) / 1000));
  }

  /** The bucket of `second`, with every earlier second filled in (a second without requests is a bucket of zeros). */
  bucket(second: number): TimelineBucket {
    while (this.buckets.length <= second) {
      this.buckets.push({ second: this.buckets.length, requests: 0, failures: 0, failuresBy: {}, backends: {} });
    }
    return this.buckets[second] as TimelineBucket;
  }

  /** A request sent at `sentAt` (epoch ms). */
  sent(sentAt: number): void {
    this.bucket(this.secondOf(sentAt)).requests += 1;
  }

  /** The answer of a request sent at `sentAt` came from `backend`. */
  answered(sentAt: number, backend: string): void {
    const bucket = this.bucket(this.secondOf(sentAt));
    bucket.backends[backend] = (bucket.backends[backend] ?? 0) + 1;
  }

  /** A request sent at `sentAt` failed with `label` (`502`, `timeout`, ...). */
  failed(sentAt: number, label: string): void {
    const bucket = this.bucket(this.secondOf(sentAt));
    bucket.failures += 1;
    bucket.failuresBy[label] = (bucket.failuresBy[label] ?? 0) + 1;
  }

  /** Answers from `backend` to requests sent from `fromMs` on (ms since the start), by whole seconds after it. */
  answersFrom(backend: string, fromMs: number): number {
    let total = 0;
    for (let second = Math.max(0, Math.ceil(fromMs / 1000)); second < this.buckets.length; second += 1) {
      total += this.buckets[second]?.backends[backend] ?? 0;
    }
    return total;
  }
}

/** A failure's label in the timeline: the status (`502`) or the error kind (`timeout`, `reset`, ...). */
export function failureLabel(failure: { kind: string; status?: number; code?: string }): string {
  if (failure.kind === 'status') return String(failure.status ?? '?');
  if (failure.kind === 'other' && failure.code) return failure.code;
  return failure.kind;
}
