import { describe, expect, it } from 'vitest';
import { FinishedLog } from '../../source/ui/components/finished-log.js';
import type { LogItem } from '../../source/ui/state/types.js';
import { ecsBackends, ok, reportOf, times } from '../verify/helpers/reports.js';
import { renderScreen } from './helpers/ink.js';

/** ink-testing-library's terminal is 100 columns wide. */
const COLUMNS = 100;

describe('the finished log', () => {
  it('Given a verification and a step with long lines, then only aws commands run past the terminal edge (whole, to copy) and criteria wrap under their text', async () => {
    const report = reportOf(
      [...times(12, ok('3f2a9b1c0d4e')), ...times(11, ok('77aa00bb11cc')), ...times(12, ok('c0ffee000001'))],
      ecsBackends.map((b) => ({ ...b, targetHealth: 'healthy', targetReason: undefined })),
    );
    // A criterion longer than the terminal, as the wizard prints after a scale-out
    const long = {
      ...report.criteria[0]!,
      evidence: `${report.criteria[0]!.evidence}; ${'counts 13 / 12 / 12 '.repeat(5)}`,
    };
    const arn = `arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:loadbalancer/app/demo-alb/${'0'.repeat(60)}`;
    const items: LogItem[] = [
      {
        kind: 'step',
        key: 's',
        id: 'load-balancer',
        title: 'load-balancer',
        status: 'done',
        lines: [`created ${arn}`],
        cli: [`aws elbv2 describe-load-balancers --load-balancer-arns ${arn}`],
      },
      { kind: 'verification', key: 'v', report: { ...report, criteria: [long, ...report.criteria.slice(1)] } },
    ];

    const screen = await renderScreen(<FinishedLog items={items} />);
    const lines = screen.all().split('\n');
    const commands = lines.filter((line) => line.startsWith('    $ '));
    for (const line of lines.filter((l) => !commands.includes(l)))
      expect(line.length, line).toBeLessThanOrEqual(COLUMNS);
    const first = lines.findIndex((line) => line.startsWith('  ✓ '));
    // Under the text (Ink may keep the space it broke the line at), never back under the ✓
    expect(lines[first + 1]).toMatch(/^ {4} ?\S/);
    // The aws command is one line, whole, for the terminal to wrap: copied, it stays one command
    expect([...new Set(commands)]).toEqual([`    $ aws elbv2 describe-load-balancers --load-balancer-arns ${arn}`]);
    await screen.unmount();
  });
});
