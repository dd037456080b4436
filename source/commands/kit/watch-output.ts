import { writeFileSync } from 'node:fs';
import type { WatchReport } from '../../../verify/watch-types.js';
import { watchText } from '../../../verify/watch-text.js';
import { WATCH_JSON_SCHEMA } from '../../../verify/watch-json.js';
import { printable } from '../../lib/printable.js';

type Writable = { write(text: string): unknown };

export type WatchOutput = {
  stdout: Writable;
  stderr: Writable;
  json: boolean;
  /** Names the change in the text and the picture, e.g. `scale demo to 3`. */
  title: string;
  reportFile?: string;
  /** Fields the JSON carries before the report's (the stack, the change's own outcome). */
  extra?: Record<string, unknown>;
  /** The change's own failure (`✗ Scale the service to 8: ...`), said again after the report: it is why the command fails. */
  failure?: string;
};

/**
 * Prints a watch's report (the verifier's text with its timeline picture, under a line naming the change, or one JSON document whose `timeline` is the
 * per-second buckets) and writes `--report FILE` (HTML or SVG by its extension). A file that
 * cannot be written after all is said on stderr; the verdict stands.
 */
export async function printWatch(report: WatchReport, out: WatchOutput): Promise<void> {
  out.stdout.write(
    out.json
      ? `${JSON.stringify({ schema: WATCH_JSON_SCHEMA, ...out.extra, ...report }, null, 2)}\n`
      : `\n${printable(out.title)}\n${watchText(report)}`,
  );
  if (out.failure && !out.json) out.stdout.write(`\n${printable(out.failure)}\n`);
  if (!out.reportFile) return;
  const { watchReportFile } = await import('../../../verify/report-html.js');
  try {
    writeFileSync(out.reportFile, watchReportFile(out.reportFile, report, out.title));
    if (!out.json) out.stdout.write(`Report written to ${out.reportFile}\n`);
  } catch (error) {
    out.stderr.write(`ecs-alb-wizard: could not write --report ${out.reportFile}: ${(error as Error).message}\n`);
  }
}

/** The exit code of a watched command: 130 when interrupted, 0 when the change and the watch both passed, else 1. */
export function watchExit(report: WatchReport | undefined, changeOk: boolean, aborted: boolean): number {
  if (aborted) return 130;
  return changeOk && report?.verdict === 'PASS' ? 0 : 1;
}
