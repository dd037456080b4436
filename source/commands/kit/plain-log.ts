import type { RunnerEvent } from '../../model/events.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A slow AWS call is named again in a plain log after this long (the screen updates it every second). */
export const slowCallReminderMs = 30_000;

/**
 * Plain lines for a log without a terminal UI: one per step start, resource, result, wait end and
 * failure. Wait progress is printed only when it changes, so logs stay short. A slow AWS call gets
 * a line when it passes the call watch's threshold, another every `slowCallReminderMs` it goes
 * on, and one when it ends, not one a second.
 */
export function createPlainLog(write: (line: string) => void): (event: RunnerEvent) => void {
  const lastProgress = new Map<string, string>();
  /** Per slow call: how many reminders its lines so far cover (0 = the first line). */
  const slowCalls = new Map<string, number>();
  return (event) => {
    switch (event.type) {
      case 'aws-call': {
        const told = slowCalls.get(event.id);
        if (event.ended) {
          slowCalls.delete(event.id);
          return told === undefined ? undefined : write(`  ${event.what} ended after ${seconds(event.elapsedMs)}`);
        }
        const due = Math.floor(event.elapsedMs / slowCallReminderMs);
        if (told !== undefined && due <= told) return;
        slowCalls.set(event.id, due);
        const so = `${Math.floor(event.elapsedMs / 1000)}s so far`;
        return write(`  \u2026 ${told === undefined ? 'waiting' : 'still waiting'} for ${event.what} (${so})`);
      }
      case 'watch-tick': {
        // Every 5 s: the pace, the counts and each lane, so a log shows the change as it goes.
        const { snapshot: s } = event;
        const second = Math.round(s.elapsedMs / 1000);
        if (second % 5 !== 0) return;
        const lanes = s.lanes.map((l) => `${l.backend} ${l.state} ${l.answers}`).join(', ');
        return write(
          `  \u2026 ${second}s: ${s.sent} sent, ${s.failed} failed, ${s.rate.achieved.toFixed(1)} req/s${lanes ? `; ${lanes}` : ''}`,
        );
      }
      case 'step-start':
        return write(`\u25b6 ${event.title}`);
      case 'step-skip':
        return write(`\u2713 ${event.title} (${event.reason})`);
      case 'resource':
        return write(`  ${event.reused ? 'found' : 'created'} ${event.resource.kind} ${event.resource.label}`);
      case 'wait': {
        const text = event.progress ?? 'waiting';
        if (lastProgress.get(event.id) === text) return;
        lastProgress.set(event.id, text);
        return write(`  \u2026 ${event.what}: ${text}`);
      }
      case 'wait-end':
        lastProgress.delete(event.id);
        return write(`  ${event.ok ? 'waited' : 'gave up waiting'} ${seconds(event.elapsedMs)}`);
      case 'log':
        return write(`  ${event.message}`);
      case 'step-done':
        return write([`\u2713 ${event.title}`, ...event.summary.map((s) => `  ${s}`)].join('\n'));
      case 'step-failed':
        return write(
          [
            `\u2717 ${event.title}: ${event.error.message}`,
            ...(event.error.hint ? [`  ${event.error.hint}`] : []),
            ...(event.error.progressSaved ? ['  Progress is saved: run the same command again to resume.'] : []),
          ].join('\n'),
        );
      case 'teardown-start':
        return write(`\u25b6 delete ${event.resource.kind} ${event.resource.label}`);
      case 'teardown-done':
        return write(`\u2713 ${event.outcome} ${event.resource.kind} ${event.resource.label}`);
      case 'teardown-failed':
        return write(
          [
            `\u2717 ${event.resource.kind} ${event.resource.label}: ${event.error.message}`,
            ...(event.error.hint ? [`  ${event.error.hint}`] : []),
          ].join('\n'),
        );
    }
  };
}
