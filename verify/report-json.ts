import type { VerificationReport } from './types.js';

/** Identifies the JSON document's shape; bumped on incompatible changes. */
export const JSON_SCHEMA = 'ecs-alb-wizard.verify/2';

/** The `--json` document: the report with a schema tag, latencies rounded to 0.01 ms, shares and their intervals to 4 decimals. */
export function reportJson(report: VerificationReport): string {
  return `${JSON.stringify({ schema: JSON_SCHEMA, ...report }, roundNumbers, 2)}\n`;
}

const DECIMALS: Record<string, number> = { p50: 2, p95: 2, p99: 2, share: 4, low: 4, high: 4, fair: 4 };

function roundNumbers(key: string, value: unknown): unknown {
  const decimals = DECIMALS[key];
  if (typeof value !== 'number' || decimals === undefined) return value;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
