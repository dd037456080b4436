import {
  DescribeContainerInstancesCommand,
  ListContainerInstancesCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures.js';
import {
  allTasks,
  cluster,
  createDemoService,
  describeService,
  failures,
  healthyAt,
  hostnameOf,
  paceLoad,
  registerRevision,
  startRolloutSandbox,
  targetHealth,
  targetKeyOf,
  type RolloutSandbox,
} from './rollout-harness.js';

let r: RolloutSandbox | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

async function instanceIds(sandbox: RolloutSandbox): Promise<Map<string, string>> {
  const list = await sandbox.t.ecs.send(new ListContainerInstancesCommand({ cluster }));
  const out = await sandbox.t.ecs.send(
    new DescribeContainerInstancesCommand({ cluster, containerInstances: list.containerInstanceArns }),
  );
  return new Map((out.containerInstances ?? []).map((i) => [i.containerInstanceArn ?? '', i.ec2InstanceId ?? '']));
}

describe('a rolling deploy through the load balancer', () => {
  it('Given 2 healthy tasks, When a new revision rolls out, Then new tasks are healthy before old targets drain, old tasks stop after the delay, and no request fails', async () => {
    // Given service demo at 2 tasks of revision 1, healthy behind the load balancer
    r = await startRolloutSandbox({ deregistrationDelaySeconds: 20 });
    const rev1 = await registerRevision(r.t, 'one');
    await createDemoService(r, rev1, 2);
    await healthyAt(r, 2);
    const ids = await instanceIds(r);
    const before = await allTasks(r.t);
    const oldKeys = new Set(before.map((t) => targetKeyOf(t, ids)));
    const oldHostnames = new Set(before.map(hostnameOf));
    expect(oldKeys.size).toBe(2);

    // When revision 2 is deployed with paced requests running through every node
    const load = paceLoad(r.alb.nodes, r.alb.dnsName);
    const rev2 = await registerRevision(r.t, 'two');
    await r.t.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', taskDefinition: rev2 }));
    const moments: Map<string, string>[] = [];
    await waitFor(
      'the rollout to complete',
      async () => {
        const health = await targetHealth(r!.t, r!.alb.tgArn);
        moments.push(health);
        const service = await describeService(r!.t);
        return service.deployments?.length === 1 && service.deployments[0]?.rolloutState === 'COMPLETED';
      },
      30_000,
    );
    const after = await allTasks(r.t);
    const count = await load.stop();

    // Then at every moment seen, at least 2 targets were healthy (minimum healthy 100 %), and no
    // more old targets had left service (draining or gone) than new ones were healthy
    const newHealthy = (m: Map<string, string>): number =>
      [...m].filter(([key, state]) => !oldKeys.has(key) && state === 'healthy').length;
    const oldLeft = (m: Map<string, string>): number =>
      [...oldKeys].filter((key) => m.get(key) === undefined || m.get(key) === 'draining').length;
    expect(moments.every((m) => [...m.values()].filter((s) => s === 'healthy').length >= 2)).toBe(true);
    expect(moments.some((m) => oldLeft(m) > 0 && m.size > 2)).toBe(true);
    expect(moments.filter((m) => oldLeft(m) > newHealthy(m))).toEqual([]);
    // And never more than 4 targets at once (maximum 200 %)
    expect(Math.max(...moments.map((m) => m.size))).toBeLessThanOrEqual(4);

    // And the old tasks stopped, each only after its deregistration delay (20 s scaled: 333 ms) from its stop
    const oldTasks = after.filter((t) => oldHostnames.has(hostnameOf(t)));
    expect(oldTasks.map((t) => t.lastStatus)).toEqual(['STOPPED', 'STOPPED']);
    for (const task of oldTasks) {
      const stopping = task.stoppingAt?.getTime() ?? 0;
      expect((task.stoppedAt?.getTime() ?? 0) - stopping).toBeGreaterThanOrEqual(333 - 5);
      expect(task.stoppedReason).toMatch(/^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
    }
    const running = after.filter((t) => t.lastStatus === 'RUNNING');
    expect(running).toHaveLength(2);
    expect(running.every((t) => t.taskDefinitionArn === rev2)).toBe(true);

    // And no request failed; old and new containers both answered
    expect(failures(count)).toBe(0);
    expect(count.sent).toBeGreaterThan(50);
    const answered = new Set(count.bodies.keys());
    expect([...oldHostnames].some((h) => answered.has(h))).toBe(true);
    expect(running.every((t) => answered.has(hostnameOf(t)))).toBe(true);

    // And the service events read as ECS writes them
    const messages = ((await describeService(r.t)).events ?? []).map((e) => e.message ?? '');
    const primary = (await describeService(r.t)).deployments?.[0];
    expect(messages).toContain(`(service demo) (deployment ${primary?.id}) deployment completed.`);
    expect(messages.some((m) => /^\(service demo\) has begun draining connections on [12] tasks\.$/.test(m))).toBe(
      true,
    );
    expect(messages[0]).toBe('(service demo) has reached a steady state.');
  }, 60_000);
});
