import type { Deployment, Task } from '@aws-sdk/client-ecs';
import type { TargetHealthDescription, TargetHealthStateEnum } from '@aws-sdk/client-elastic-load-balancing-v2';
import { describe, expect, it } from 'vitest';
import { answeringBackends, diffLook, emptyMemory } from '../../source/engine/watch-diff.js';
import type { Look } from '../../source/engine/watch-look.js';

const CI = 'arn:aws:ecs:ap-northeast-1:123456789012:container-instance/demo/aaaa';
const TD = (rev: number) => `arn:aws:ecs:ap-northeast-1:123456789012:task-definition/demo-hostname:${rev}`;

function task(id: string, port: number, extra: Partial<Task> = {}): Task {
  return {
    taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/demo/${id}`,
    lastStatus: 'RUNNING',
    desiredStatus: 'RUNNING',
    taskDefinitionArn: TD(1),
    containerInstanceArn: CI,
    containers: [
      { name: 'web', runtimeId: `${id}0000000000000000`, networkBindings: [{ containerPort: 4567, hostPort: port }] },
    ],
    ...extra,
  };
}
const target = (port: number, State: TargetHealthStateEnum): TargetHealthDescription => ({
  Target: { Id: 'i-0aaa', Port: port },
  TargetHealth: { State },
});
function look(
  tasks: Task[],
  targets: TargetHealthDescription[],
  deployments: Deployment[] = [],
  rollback = false,
): Look {
  return {
    service: {
      deployments,
      events: [],
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback } },
    },
    tasks,
    instances: [{ containerInstanceArn: CI, ec2InstanceId: 'i-0aaa' }],
    targets,
  };
}
const kinds = (events: { kind: string }[]) => events.map((e) => e.kind);

describe('diffLook', () => {
  it('Given two healthy tasks at the start, When the baseline is taken, Then it reports nothing, and an unchanged look reports nothing', () => {
    const memory = emptyMemory();
    const steady = look(
      [task('aaaa', 32768), task('bbbb', 32769)],
      [target(32768, 'healthy'), target(32769, 'healthy')],
    );
    expect(diffLook(memory, steady, 1, true)).toEqual([]);
    expect(diffLook(memory, steady, 2, false)).toEqual([]);
  });

  it('Given a baseline, When a third task starts and its target turns initial then healthy, Then task-started, target-registered and target-healthy name its backend, target and revision', () => {
    const memory = emptyMemory();
    diffLook(memory, look([task('aaaa', 32768)], [target(32768, 'healthy')]), 0, true);
    const started = diffLook(
      memory,
      look(
        [task('aaaa', 32768), task('cccc', 32770, { taskDefinitionArn: TD(2) })],
        [target(32768, 'healthy'), target(32770, 'initial')],
      ),
      1000,
      false,
    );
    expect(started).toEqual([
      {
        at: 1000,
        kind: 'task-started',
        backend: 'cccc00000000',
        target: 'i-0aaa:32770',
        taskId: 'cccc',
        revision: 'demo-hostname:2',
      },
      {
        at: 1000,
        kind: 'target-registered',
        backend: 'cccc00000000',
        target: 'i-0aaa:32770',
        taskId: 'cccc',
        revision: 'demo-hostname:2',
      },
    ]);
    const healthy = diffLook(
      memory,
      look(
        [task('aaaa', 32768), task('cccc', 32770, { taskDefinitionArn: TD(2) })],
        [target(32768, 'healthy'), target(32770, 'healthy')],
      ),
      2000,
      false,
    );
    expect(kinds(healthy)).toEqual(['target-healthy']);
    expect(healthy[0]?.backend).toBe('cccc00000000');
  });

  it('Given a task scaled in, When its target drains, leaves the group and the task stops, Then draining, stopping, drained and stopped follow in that order and still name the backend', () => {
    const memory = emptyMemory();
    diffLook(
      memory,
      look([task('aaaa', 32768), task('bbbb', 32769)], [target(32768, 'healthy'), target(32769, 'healthy')]),
      0,
      true,
    );
    const stopping = task('bbbb', 32769, {
      desiredStatus: 'STOPPED',
      stoppedReason: 'Scaling activity initiated by deployment',
    });
    const first = diffLook(
      memory,
      look([task('aaaa', 32768), stopping], [target(32768, 'healthy'), target(32769, 'draining')]),
      1000,
      false,
    );
    expect(kinds(first)).toEqual(['target-draining', 'task-stopping']);
    expect(first[1]?.detail).toBe('Scaling activity initiated by deployment');
    const gone = { ...stopping, lastStatus: 'STOPPED', containers: [{ ...stopping.containers![0]!, exitCode: 0 }] };
    const last = diffLook(memory, look([task('aaaa', 32768), gone], [target(32768, 'healthy')]), 2000, false);
    expect(kinds(last)).toEqual(['target-drained', 'task-stopped']);
    expect(last.map((e) => e.backend)).toEqual(['bbbb00000000', 'bbbb00000000']);
    expect(last[1]?.detail).toContain('exit code 0');
  });

  it('Given a rollout, When its deployment fails on the circuit breaker with rollback on, Then a FAILED deployment and a ROLLED_BACK circuit breaker naming the revision it went back to are reported once', () => {
    const memory = emptyMemory();
    const old: Deployment = { id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: TD(1), rolloutState: 'COMPLETED' };
    expect(diffLook(memory, look([], [], [old]), 0, true)).toEqual([]);
    const rolling: Deployment = {
      id: 'ecs-svc/2',
      status: 'PRIMARY',
      taskDefinition: TD(2),
      rolloutState: 'IN_PROGRESS',
    };
    const inProgress = diffLook(memory, look([], [], [rolling, { ...old, status: 'ACTIVE' }], true), 1000, false);
    expect(inProgress).toEqual([{ at: 1000, kind: 'deployment', state: 'IN_PROGRESS', revision: 'demo-hostname:2' }]);
    const reason = 'ECS deployment circuit breaker: tasks failed to start.';
    const failed = { ...rolling, status: 'ACTIVE', rolloutState: 'FAILED' as const, rolloutStateReason: reason };
    const back: Deployment = { id: 'ecs-svc/3', status: 'PRIMARY', taskDefinition: TD(1), rolloutState: 'IN_PROGRESS' };
    const tripped = diffLook(memory, look([], [], [back, failed], true), 2000, false);
    expect(tripped.filter((e) => e.kind === 'circuit-breaker')).toEqual([
      {
        at: 2000,
        kind: 'circuit-breaker',
        state: 'ROLLED_BACK',
        revision: 'demo-hostname:2',
        detail: `${reason}; rolled back to demo-hostname:1`,
      },
    ]);
    expect(diffLook(memory, look([], [], [back, failed], true), 3000, false)).toEqual([]);
  });

  it('Given a look with a draining and an initial target, When the answering backends are read, Then only the healthy task meant to keep running is one, with its revision', () => {
    const view = look(
      [task('aaaa', 32768), task('bbbb', 32769, { desiredStatus: 'STOPPED' }), task('cccc', 32770)],
      [target(32768, 'healthy'), target(32769, 'healthy'), target(32770, 'initial')],
    );
    expect(answeringBackends(view).map((b) => [b.id, b.revision])).toEqual([['aaaa00000000', 'demo-hostname:1']]);
  });
});
