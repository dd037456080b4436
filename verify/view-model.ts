import { shortId } from './explain.js';
import { nodeKey } from './nodes.js';
import type {
  BackendSummary,
  Finding,
  Latency,
  NodeSummary,
  StopReason,
  Summary,
  VerificationReport,
} from './types.js';

/** Bar width in characters; the longest bar is the backend with the most answers. */
export const BAR_WIDTH = 16;
const MAX_ID_WIDTH = 16;

/** One backend row as both the plain-text and the Ink report show it. */
export type BackendRow = {
  id: string;
  filled: number;
  count: string;
  /** `33.3% (24.1–43.5)`: the share and, when the spread was judged, its interval. */
  share: string;
  latency: string;
  /** `task 3f2a9b1c… on i-0abc:32771, ap-northeast-1a, target healthy`, or '' when nothing is known. */
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
  return [where, backend.zone ?? '', health].filter(Boolean).join(', ');
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
    share: shareText(backend),
    latency: formatLatency(backend.latency),
    detail: detailOf(backend),
    silent: backend.count === 0,
    unexpected: report.unexpected.includes(backend.id),
  }));
}

const pct = (x: number): string => (x * 100).toFixed(1);

function shareText(backend: BackendSummary): string {
  const share = `${pct(backend.share)}%`;
  return backend.interval ? `${share} (${pct(backend.interval.low)}–${pct(backend.interval.high)})` : share;
}

/** One load balancer node as the reports show it: where, how many requests, which backends it reached. */
export function nodeLine(node: NodeSummary, expectedCount?: number): string {
  const where = `${nodeKey(node)}${node.zone ? ` ${node.zone}` : ''}`;
  if (node.unreachable) return `${where}  not reachable from this machine (${node.unreachable}): not sent to`;
  const failed = node.failed > 0 ? `, ${node.failed} failed` : '';
  const n = node.backends.length;
  const of = expectedCount !== undefined ? `${n}/${expectedCount}` : String(n);
  const reach =
    n === 0
      ? 'reached no backend'
      : n <= 3
        ? `reached ${of} backend${n === 1 && expectedCount === undefined ? '' : 's'}: ${node.backends.map((b) => `${b.id} ×${b.count}`).join(', ')}`
        : `reached ${of} backends`;
  return `${where}  ${node.sent} requests${failed}, ${reach}${node.gone ? ' (left DNS during the run)' : ''}`;
}

/** `cause: …` explains a failure; `note: …` is worth knowing. */
export const findingLine = (finding: Finding): string => `${finding.severity}: ${finding.text}`;

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
