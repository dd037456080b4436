import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import { App } from '../../source/ui/app.js';
import { FakePort, memoSteps } from './helpers/fake-port.js';
import { ARROW_DOWN, CTRL_C, ENTER, renderScreen, type Screen } from './helpers/ink.js';

let screen: Screen | undefined;
afterEach(async () => {
  await screen?.unmount();
  screen = undefined;
});

const resource = (kind: RecordedResource['kind'], label: string, id: string): RecordedResource => ({
  kind,
  label,
  id,
  step: 'security-groups',
  createdAt: '2026-01-01T00:00:00Z',
});
const partWay = ['account', 'cluster', 'network', 'security-groups'] as const;
const partWayResources = [resource('security-group', 'demo-alb-sg', 'sg-0123456789abcdef0')];

describe('resume, teardown, errors, interrupt', () => {
  it('offers to resume a stack that is part-way, and resumes at the first unfinished step', async () => {
    // Given a stack interrupted after the security groups
    const port = new FakePort(memoSteps(), { done: [...partWay], resources: partWayResources });
    screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
    // Then the start screen says what is done and offers resume, and teardown
    await screen.waitFor('Resume setup (4/11 steps done)');
    expect(screen.frame()).toContain('Done: account, cluster, network, security-groups');
    expect(screen.frame()).toContain('Tear down');
    // When the user resumes
    await screen.press(ENTER);
    // Then the next question is the target group's, and nothing done is asked again
    await screen.waitFor('Health check path');
    expect(port.asked).toEqual(['target-group']);
  });

  it('tears down only after confirmation: declined deletes nothing, accepted deletes all and says what remains', async () => {
    // Given a finished stack
    const resources = [
      resource('security-group', 'demo-alb-sg', 'sg-0123456789abcdef0'),
      resource(
        'target-group',
        'demo-tg',
        'arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/demo-tg/6d0ecf831eec9f09',
      ),
      resource(
        'service-linked-role',
        'AWSServiceRoleForECS',
        'arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS',
      ),
    ];
    const port = new FakePort(memoSteps(), { done: memoSteps().map((s) => s.id), resources });
    const onExit = vi.fn();
    screen = await renderScreen(<App port={port} onExit={onExit} />);
    await screen.waitFor('set up, 3 resources recorded');
    // When the user picks teardown
    // (past verify, scale and deploy)
    for (let i = 0; i < 3; i += 1) await screen.press(ARROW_DOWN);
    await screen.waitFor('❯ Tear down');
    await screen.press(ENTER);
    // Then every resource is listed with a y/N question
    await screen.waitFor('Tear down will delete, in this order:');
    expect(screen.frame()).toContain('target-group         demo-tg targetgroup/demo-tg/6d0ecf83…');
    expect(screen.frame()).toContain('AWSServiceRoleForECS (kept: account-wide, ECS needs it)');
    expect(screen.frame()).toContain('y/N');
    // When the user takes the default (No)
    await screen.press(ENTER);
    // Then nothing is deleted
    await screen.waitFor('Teardown cancelled: nothing was deleted.');
    expect(port.runs.teardown).toBe(0);
    // When the user asks again and answers y
    // (past verify, scale and deploy)
    for (let i = 0; i < 3; i += 1) await screen.press(ARROW_DOWN);
    await screen.waitFor('❯ Tear down');
    await screen.press(ENTER);
    await screen.waitFor('Tear down will delete, in this order:');
    await screen.press('y');
    // Then each deletion is shown and it ends with nothing left
    await screen.waitFor('What remains of this stack: nothing.');
    expect(screen.frame()).toContain('✔ deleted target group demo-tg');
    expect(screen.frame()).toContain('✔ deleted security group demo-alb-sg');
    expect(screen.frame()).toContain('Kept on purpose:');
    expect(screen.frame()).toContain('service-linked-role AWSServiceRoleForECS');
    expect(port.runs.teardown).toBe(1);
    expect(onExit).toHaveBeenCalledWith(0);
  });

  it('shows an AWS error in a box, says progress is saved, and retries', async () => {
    // Given the load balancer step fails once with an AWS error
    const steps = memoSteps().slice(0, 6);
    const lb = steps[5];
    if (lb) {
      lb.failTimes = 1;
      lb.error = {
        message: 'Not authorized to perform elasticloadbalancing:CreateLoadBalancer',
        hint: 'Ask your administrator for that permission, then retry.',
        code: 'AccessDenied',
        progressSaved: true,
      };
    }
    const port = new FakePort(steps);
    screen = await renderScreen(<App port={port} onExit={vi.fn()} />);
    await screen.waitFor('Start setup');
    await screen.press(ENTER);
    for (const label of [
      'Which cluster?',
      'Subnets for',
      'Listener port',
      'Health check path',
      'Deregistration delay',
      'Internet-facing?',
    ]) {
      await screen.waitFor(label);
      await screen.press(ENTER);
    }
    // Then the box shows the cause, what to do and that progress is saved
    await screen.waitFor('Create the load balancer failed (AccessDenied)');
    const frame = screen.frame();
    expect(frame).toContain('Not authorized to perform elasticloadbalancing:CreateLoadBalancer');
    expect(frame).toContain('→ Ask your administrator for that permission, then retry.');
    expect(frame).toContain('Progress is saved');
    expect(frame).toContain('Retry the step');
    expect(frame).not.toContain('Skip this step');
    // When the user retries
    await screen.press(ENTER);
    await screen.waitFor('Internet-facing?');
    await screen.press(ENTER);
    // Then the step runs again and setup completes
    await screen.waitFor('Setup complete.');
    expect(port.runs.setup).toBe(2);
  });

  it('Ctrl+C during a wait stops the engine, says progress is saved and how to resume', async () => {
    // Given setup is waiting for healthy targets
    const steps = memoSteps().slice(9, 10);
    const port = new FakePort(steps);
    port.holdWaits = true;
    const onExit = vi.fn();
    screen = await renderScreen(<App port={port} onExit={onExit} />);
    await screen.waitFor('Start setup');
    await screen.press(ENTER);
    await screen.waitFor('i-0abc00000000000a1:32768   initial    Elb.RegistrationInProgress');
    expect(screen.frame()).toContain('usually 1-3 min');
    // When the user presses Ctrl+C
    await screen.press(CTRL_C);
    // Then the wizard exits with 130, saying how to resume
    await screen.waitFor('Resume with: ecs-alb-wizard --sandbox --stack demo');
    expect(screen.frame()).toContain('Progress is saved');
    expect(onExit).toHaveBeenCalledWith(130);
  });
});
