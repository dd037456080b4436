import { shortId } from './explain.js';
import type { BackendSummary, Latency, StopReason, Summary, VerificationReport } from './types.js';

/** Bar width in characters; the longest bar is the backend with the most answers. */
export const BAR_WIDTH = 20;
const MAX_ID_WIDTH = 16;

/** One backend row as both the plain-text and the Ink report show it. */
export type BackendRow = {
  id: string;
  filled: number;
  count: string;
  share: string;
  latency: string;
  /** `task 3f2a9b1c… on i-0abc:32771, target healthy`, or '' when nothing is known. */
  detail: string;
  silent: boolean;
  unexpected: boolean;
};

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '-';
  return ms < 10 ? `${ms.toFixed(1)}ms` : `${Math.round(ms)}ms`;
}

export function formatLatency(latency: Latency | undefined, withP99 = false): string {
  if (!latency) return '';
  return `p50 ${formatMs(latency.p50)} p95 ${formatMs(latency.p95)}${withP99 ? ` p99 ${formatMs(latency.p99)}` : ''}`;
}

function detailOf(backend: BackendSummary): string {
  const parts: string[] = [];
  if (backend.taskId) parts.push(`task ${shortId(backend.taskId)}`);
  if (backend.instanceId)
    parts.push(`on ${backend.instanceId}${backend.hostPort !== undefined ? `:${backend.hostPort}` : ''}`);
  else if (backend.hostPort !== undefined) parts.push(`port ${backend.hostPort}`);
  const where = parts.join(' ');
  const health = backend.targetHealth
    ? `target ${backend.targetHealth}${backend.targetReason ? ` (${backend.targetReason})` : ''}`
    : '';
  return [where, health].filter(Boolean).join(', ');
}

function clipId(id: string): string {
  return id.length > MAX_ID_WIDTH ? `${id.slice(0, MAX_ID_WIDTH - 1)}…` : id;
}

export function backendRows(report: Pick<Summary, 'backends' | 'unexpected'>): BackendRow[] {
  const most = Math.max(1, ...report.backends.map((b) => b.count));
  return report.backends.map((backend) => ({
    id: clipId(backend.id),
    filled: backend.count === 0 ? 0 : Math.max(1, Math.round((backend.count / most) * BAR_WIDTH)),
    count: String(backend.count),
    share: `${(backend.share * 100).toFixed(1)}%`,
    latency: formatLatency(backend.latency),
    detail: detailOf(backend),
    silent: backend.count === 0,
    unexpected: report.unexpected.includes(backend.id),
  }));
}

const STOP_TEXT: Record<StopReason, string> = {
  'settled-pass': 'stopped early: verdict settled',
  'settled-fail': 'stopped early: failure certain',
  'request-cap': 'request cap reached',
  'time-budget': 'time budget spent',
  aborted: 'interrupted',
};

/** `37 requests in 0.4 s (92 req/s), stopped early: verdict settled` */
export function runLine(report: VerificationReport): string {
  const seconds = (report.durationMs / 1000).toFixed(1);
  return `${report.sent} requests in ${seconds} s (${report.requestsPerSecond} req/s), ${STOP_TEXT[report.stoppedBecause]}`;
}

/** Column widths so rows line up: id, count, share. */
export function columnWidths(rows: readonly BackendRow[]): { id: number; count: number; share: number } {
  return {
    id: Math.max(7, ...rows.map((r) => r.id.length)),
    count: Math.max(1, ...rows.map((r) => r.count.length)),
    share: Math.max(5, ...rows.map((r) => r.share.length)),
  };
}
