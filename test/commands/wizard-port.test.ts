import { describe, expect, it } from 'vitest';
import { enginePort, type OpenedStack } from '../../source/commands/wizard-port.js';
import type { RunnerEvent } from '../../source/model/events.js';
import type { StackVerification } from '../../source/engine/verify-stack.js';
import type { StepId } from '../../source/model/steps.js';
import type { VerificationReport } from '../../verify/types.js';
import { engineDeps } from '../engine/engine-deps.js';

const report = { url: 'http://demo-alb-1.elb.amazonaws.com/hostname', verdict: 'FAIL', criteria: [], backends: [] } as unknown as VerificationReport;

/** The wizard's port on a stack whose verification resolves to `outcome`; records the steps verified. */
function portVerifying(outcome: StackVerification) {
  const { deps } = engineDeps();
  const { emit: _emit, ask: _ask, signal: _signal, ...base } = deps;
  const verified: StepId[] = [];
  const opened: OpenedStack = {
    deps: base,
    store: deps.store,
    where: 'ap-northeast-1 (sandbox)',
    sandbox: true,
    verify: (_deps, step) => {
      verified.push(step);
      return Promise.resolve(outcome);
    },
  };
  const port = enginePort({ stack: 'demo', flags: {}, resumeCommand: 'ecs-alb-wizard --sandbox', open: () => Promise.resolve(opened) });
  const seen: RunnerEvent[] = [];
  const io = { emit: (event: RunnerEvent) => seen.push(event), ask: () => Promise.reject(new Error('no prompt')), signal: new AbortController().signal };
  return { port, io, seen, verified };
}

describe('the wizard port: verify from the menu', () => {
  it('Given the targets never all got healthy, then the step log says so and the FAIL report is shown', async () => {
    // Given
    const waitTimeout = 'timed out after 2s waiting for 3 healthy targets for service demo-service (healthy 2/3, running 3/3)';
    const { port, io, seen, verified } = portVerifying({ report, waitTimeout });
    // When
    const shown = await port.verify(io);
    // Then
    expect(shown).toBe(report);
    expect(verified).toEqual(['scale-out']);
    expect(seen).toEqual([{ type: 'log', step: 'scale-out', message: `${waitTimeout}; verified the tasks running now` }]);
  });

  it('Given healthy targets, then only the report comes back, with nothing logged', async () => {
    const { port, io, seen } = portVerifying({ report });
    expect(await port.verify(io)).toBe(report);
    expect(seen).toEqual([]);
  });
});
