import { describe, expect, it } from 'vitest';
import { guardCommand } from '../../source/commands/kit/guard.js';
import { headlessLog } from '../../source/commands/kit/headless-log.js';
import { UsageError } from '../../source/engine/usage-error.js';
import type { RunnerEvent } from '../../source/model/events.js';

function streams() {
  const seen = { out: '', err: '' };
  return {
    seen,
    stdout: { write: (text: string) => (seen.out += text) },
    stderr: { write: (text: string) => (seen.err += text) },
  };
}

const failed: RunnerEvent = {
  type: 'step-failed',
  step: 'target-group',
  title: 'Create the target group',
  error: { message: 'AccessDenied for elasticloadbalancing:CreateTargetGroup', hint: 'Grant it', progressSaved: true },
};
const started: RunnerEvent = { type: 'step-start', step: 'target-group', title: 'Create the target group', why: 'w' };

describe('headless log: failures go to stderr as well', () => {
  it('Given a step that fails in a plain run, Then stdout has the log and stderr the failure with its hint', () => {
    const s = streams();
    const log = headlessLog(s, false);
    log(started);
    log(failed);
    expect(s.seen.out).toContain('\u2717 Create the target group: AccessDenied');
    expect(s.seen.err).toBe(
      'ecs-alb-wizard: Create the target group failed: AccessDenied for elasticloadbalancing:CreateTargetGroup\n  Grant it\n',
    );
  });

  it('Given --json, Then stdout stays free for the document and the failure is on stderr', () => {
    const s = streams();
    const log = headlessLog(s, true);
    log(started);
    log(failed);
    expect(s.seen.out).toBe('');
    expect(s.seen.err).toMatch(/^ecs-alb-wizard: Create the target group failed: AccessDenied/);
  });

  it('Given a failed teardown of a resource, Then stderr names the resource', () => {
    const s = streams();
    headlessLog(
      s,
      false,
    )({
      type: 'teardown-failed',
      resource: { kind: 'security-group', id: 'sg-1', label: 'demo-alb-sg', step: 'security-groups', createdAt: '' },
      error: { message: 'DependencyViolation', progressSaved: true },
    });
    expect(s.seen.err).toBe('ecs-alb-wizard: delete security-group demo-alb-sg failed: DependencyViolation\n');
  });

  it('Given only progress, Then stderr stays empty', () => {
    const s = streams();
    const log = headlessLog(s, false);
    log(started);
    log({ type: 'step-done', step: 'target-group', title: 'Create the target group', summary: [], cli: [] });
    expect(s.seen.err).toBe('');
  });
});

describe('guard: what an error quotes is printed escaped', () => {
  it('Given an error whose text holds terminal escapes, Then stderr shows them as \\x1b, on one line', async () => {
    const s = streams();
    const code = await guardCommand(s.stderr, () =>
      Promise.reject(new Error('read saved progress', { cause: new Error('bad \u001b]0;owned\u0007 byte\nsecond') })),
    );
    expect(code).toBe(1);
    expect(s.seen.err).toBe('ecs-alb-wizard: read saved progress: bad \\x1b]0;owned\\x07 byte\\nsecond\n');
  });

  it('Given a usage error quoting a flag value, Then it is escaped too and exits 2', async () => {
    const s = streams();
    expect(await guardCommand(s.stderr, () => Promise.reject(new UsageError("--stack '\u001b[2J' is bad")))).toBe(2);
    expect(s.seen.err).toBe("ecs-alb-wizard: --stack '\\x1b[2J' is bad\n");
  });
});
