import { afterEach, describe, expect, it } from 'vitest';
import type { FakeElb } from './harness.js';
import { get, Harness, hostPort, refused, runtimeId, scaledClock, seed } from './harness.js';

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.ecs.close()));
});

function harness(restored?: unknown, elb?: FakeElb): Harness {
  const h = new Harness(restored, 1000, elb);
  open.push(h);
  return h;
}

describe('snapshot, restore and start', () => {
  it('restarts RUNNING tasks on new ports with the same container ids and replaces their targets', async () => {
    // Given a stable service with 2 tasks
    const first = harness();
    const taskDefinition = await first.registerWeb();
    const tg = first.elb.addGroup('demo-tg');
    await first.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'demo',
      taskDefinition,
      desiredCount: 2,
      loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 4567 }],
    });
    await first.until('stable', () => first.stable());
    const before = await first.runningTasks();
    const oldPorts = before.map(hostPort);
    expect(first.changes).toBeGreaterThan(0);

    // When the sandbox saves, closes, and a new one restores and starts (JSON round trip, as on disk)
    const saved = JSON.parse(JSON.stringify(first.ecs.snapshot())) as unknown;
    await first.ecs.close();
    for (const port of oldPorts) expect(await refused(port)).toBe(true);
    const second = harness(saved, first.elb);
    await second.ecs.start();

    // Then the same tasks run with the same container ids, on new ports that answer with those ids
    const after = await second.runningTasks();
    expect(after.map((t) => t.taskArn).sort()).toEqual(before.map((t) => t.taskArn).sort());
    for (const task of after) {
      const old = before.find((t) => t.taskArn === task.taskArn);
      expect(runtimeId(task)).toBe(old && runtimeId(old));
      expect(oldPorts).not.toContain(hostPort(task));
      expect(await get(hostPort(task))).toEqual({ status: 200, body: runtimeId(task).slice(0, 12) });
    }

    // And the old targets were removed at once, the new ones registered
    const instanceOf = new Map(
      (
        await second.call('DescribeContainerInstances', {
          cluster: seed.clusterName,
          containerInstances: after.map((t) => t.containerInstanceArn),
        })
      ).containerInstances?.map((i) => [i.containerInstanceArn, i.ec2InstanceId]),
    );
    const expected = after.map((t) => `${instanceOf.get(t.containerInstanceArn)}:${hostPort(t)}`).sort();
    expect(first.elb.list(tg)).toEqual(expected);
    expect(first.elb.log.filter((l) => l.startsWith('deregister-immediate'))).toHaveLength(2);

    // And the flow continues: the service scales as before
    expect(await second.stable()).toBe(true);
    await second.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 3 });
    await second.until('stable at 3', () => second.stable());
  });

  it('keeps task definitions, tags, client tokens and events across a restore', async () => {
    const first = harness();
    await first.call('RegisterTaskDefinition', {
      family: 'web',
      containerDefinitions: [{ name: 'web', image: 'img', memory: 128 }],
      tags: [{ key: 'k', value: 'v' }],
    });
    await first.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'idle',
      taskDefinition: 'web',
      desiredCount: 0,
      clientToken: 't',
    });
    const saved = first.ecs.snapshot();
    await first.ecs.close();

    const second = harness(saved);
    await second.ecs.start();
    expect((await second.call('DescribeTaskDefinition', { taskDefinition: 'web:1', include: ['TAGS'] })).tags).toEqual([
      { key: 'k', value: 'v' },
    ]);
    const again = await second.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'idle',
      taskDefinition: 'web',
      desiredCount: 0,
      clientToken: 't',
    });
    expect(again.service?.status).toBe('ACTIVE');
    expect((await second.service('idle')).events?.[0]?.message).toBe('(service idle) has reached a steady state.');
  });

  it('finishes what was in flight: a draining task stops, a pending one starts, a DRAINING service turns INACTIVE', async () => {
    // Given a stable service "old" of 1 and "demo" of 2 behind a target group
    const first = harness();
    await first.registerWeb();
    const tg = first.elb.addGroup('demo-tg');
    const lb = [{ targetGroupArn: tg, containerName: 'web', containerPort: 4567 }];
    await first.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'demo',
      taskDefinition: 'web',
      desiredCount: 2,
      loadBalancers: lb,
    });
    await first.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'old',
      taskDefinition: 'web',
      desiredCount: 1,
    });
    await first.until('both stable', async () => (await first.stable('demo')) && (await first.stable('old')));

    // And, at the moment of saving, "demo" drains one task while a new one is pending, and "old" is being deleted
    first.elb.holdDraining();
    await first.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 1 });
    await first.until(
      'a task drains',
      async () =>
        (await first.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' })).taskArns?.length === 1,
    );
    await first.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 2 });
    await first.call('DeleteService', { cluster: seed.clusterName, service: 'old', force: true });
    const saved = JSON.parse(JSON.stringify(first.ecs.snapshot())) as unknown;
    await first.ecs.close();

    // When a new sandbox restores and starts
    const second = harness(saved, first.elb);
    await second.ecs.start();

    // Then the draining task is STOPPED, its target dropped at once, "demo" is stable at 2 and "old" INACTIVE
    await second.until('demo stable at 2', () => second.stable('demo'));
    await second.until('old INACTIVE', async () => (await second.service('old')).status === 'INACTIVE');
    const stopped =
      (await second.call('ListTasks', { cluster: seed.clusterName, serviceName: 'demo', desiredStatus: 'STOPPED' }))
        .taskArns ?? [];
    expect((await second.describeTasks(stopped)).map((t) => t.lastStatus)).toEqual(['STOPPED']);
    expect(second.elb.log.filter((l) => l.startsWith('deregister-immediate'))).not.toHaveLength(0);
    expect(second.elb.list(tg)).toHaveLength(2);
  });

  it('refuses a saved state it does not understand', () => {
    expect(() => new Harness({ version: 99 })).toThrow(/restore ECS state/);
  });

  it('close leaves no server listening and no timer running', async () => {
    const h = harness();
    await h.registerWeb();
    await h.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'demo',
      taskDefinition: 'web',
      desiredCount: 3,
    });
    await h.until('stable', () => h.stable());
    const ports = (await h.runningTasks()).map(hostPort);
    await h.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 6 });
    await h.ecs.close();
    for (const port of ports) expect(await refused(port)).toBe(true);
    const changes = h.changes;
    await scaledClock(1).sleep(100);
    expect(h.changes).toBe(changes);
  });
});
