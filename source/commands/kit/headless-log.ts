import type { RunnerEvent } from '../../model/events.js';
import { printable } from '../../lib/printable.js';
import { createPlainLog } from './plain-log.js';

type Writable = { write(text: string): unknown };

function lines(what: string, error: { message: string; hint?: string }): string {
  return `ecs-alb-wizard: ${printable(`${what} failed: ${error.message}`)}\n${error.hint ? `  ${printable(error.hint)}\n` : ''}`;
}

/** The line (and hint) a failure puts on stderr, or undefined for an event that is no failure. */
function failureLines(event: RunnerEvent): string | undefined {
  if (event.type === 'step-failed') return lines(event.title, event.error);
  if (event.type === 'teardown-failed')
    return lines(`delete ${event.resource.kind} ${event.resource.label}`, event.error);
  return undefined;
}

/**
 * The event log of a run without a screen: plain lines on stdout (none with `--json`, whose
 * stdout is one document), and every step or teardown failure on stderr as well, where scripts and
 * CI logs look for errors.
 */
export function headlessLog(
  streams: { stdout: Writable; stderr: Writable },
  json: boolean,
): (event: RunnerEvent) => void {
  const plain = json ? undefined : createPlainLog((line) => streams.stdout.write(`${line}\n`));
  return (event) => {
    plain?.(event);
    const failure = failureLines(event);
    if (failure) streams.stderr.write(failure);
  };
}
