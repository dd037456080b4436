/**
 * Markup helpers for the watch report (HTML and SVG): escaping, attributes, and the short words
 * each event is marked with. Pure strings; nothing here reads a file or the network.
 */
import type { WatchEvent, WatchEventKind } from './watch-types.js';

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute: ECS messages and URLs may hold `<`, `&` or quotes. */
export function esc(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => entities[c]!);
}

/** `<rect x="1" y="2"/>`; attributes left undefined are not written, numbers are rounded to 0.1. */
export function tag(name: string, attrs: Record<string, string | number | undefined>, body?: string): string {
  const written = Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${esc(typeof v === 'number' ? Math.round(v * 10) / 10 : v)}"`)
    .join('');
  return body === undefined ? `<${name}${written}/>` : `<${name}${written}>${body}</${name}>`;
}

/** The report's muted text and its failure red. */
export const MUTED = '#4a5568';
export const FAIL = '#c53030';

/** An SVG `<text>` at (x, y), muted unless `attrs` says otherwise; the body is escaped. */
export function text(x: number, y: number, body: string, attrs: Record<string, string | number> = {}): string {
  return tag('text', { x, y, fill: MUTED, ...attrs }, esc(body));
}

/** `12.3 s`: a moment of the watch, in seconds since it started. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Events about the whole change (marked across every lane) rather than about one task. */
export const changeKinds: ReadonlySet<WatchEventKind> = new Set([
  'change-started',
  'change-ended',
  'deployment',
  'circuit-breaker',
  'message',
]);

const words: Record<WatchEventKind, string> = {
  'task-started': 'task started',
  'target-registered': 'target registered',
  'target-healthy': 'target healthy',
  'target-unhealthy': 'target unhealthy',
  'target-draining': 'target draining',
  'target-drained': 'target drained',
  'task-stopping': 'task stopping',
  'task-stopped': 'task stopped',
  deployment: 'deployment',
  'circuit-breaker': 'circuit breaker',
  'change-started': 'change started',
  'change-ended': 'change done',
  message: 'ECS',
};

/** The mark's short label: `change started: desired count 1 → 3`, `deployment COMPLETED`. */
export function eventLabel(event: WatchEvent): string {
  const word = words[event.kind];
  if (event.kind === 'deployment' || event.kind === 'circuit-breaker') {
    return [word, event.state ?? (event.kind === 'circuit-breaker' ? 'tripped' : undefined)].filter(Boolean).join(' ');
  }
  if (event.kind === 'message') return event.detail ?? word;
  return event.detail && changeKinds.has(event.kind) ? `${word}: ${event.detail}` : word;
}

/** The mark's tooltip: the label, when, and every detail the event carries. */
export function eventTooltip(event: WatchEvent & { atMs: number }): string {
  const parts = [
    `${seconds(event.atMs)}  ${eventLabel(event)}`,
    event.backend && `backend ${event.backend}`,
    event.target && `target ${event.target}`,
    event.taskId && `task ${event.taskId}`,
    event.revision && `revision ${event.revision}`,
    event.detail && !changeKinds.has(event.kind) ? event.detail : undefined,
  ];
  return parts.filter(Boolean).join('\n');
}
