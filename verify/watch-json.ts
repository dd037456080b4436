import type { WatchReport } from './watch-types.js';

/** Identifies the watch's JSON document; bumped on incompatible changes. */
export const WATCH_JSON_SCHEMA = 'ecs-alb-wizard.watch/1';

/**
 * The `--json` document of a watch: the report as-is (`timeline` is the per-second buckets, each
 * with `requests`, `failures`, `failuresBy` and `backends`) with a schema tag, indented by two spaces.
 */
export function watchJson(report: WatchReport): string {
  return `${JSON.stringify({ schema: WATCH_JSON_SCHEMA, ...report }, null, 2)}\n`;
}
