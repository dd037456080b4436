import { afterEach, describe, expect, it } from 'vitest';
import { Faults } from '../../../source/sandbox/faults.js';
import { get, Harness, hostPort, seed } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

/** A service of `count` tasks of `web:1` behind a fake target group, stable; and faults wired to it as the front wires them. */
async function service(count: number): Promise<Faults> {
  h = new Harness();
  const taskDefinition = await h.registerWeb();
  const tg = h.elb.addGroup('demo-tg');
  await h.call('CreateService', {
    cluster: seed.clusterName,
    serviceName: 'demo',
    taskDefinition,
    desiredCount: count,
    loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 4567 }],
  });
  await h.until('stable', () => h.stable());
  const control = h.ecs.control;
  return new Faults(
    (task, failing) => control.setTaskFailing(task, failing),
    (fault) => control.taskFault(fault),
    () => control.clearTaskFaults(),
  );
}

describe('armed task faults', () => {
  it('Given revision-unhealthy, Then its running tasks answer 500; When the faults are cleared, Then they answer again', async () => {
    const faults = await service(1);
    const [task] = await h.runningTasks();
    faults.add({ kind: 'revision-unhealthy', taskDefinition: 'web:1' });
    expect((await get(hostPort(task!))).status).toBe(500);
    faults.clear();
    expect((await get(hostPort(task!))).status).toBe(200);
  });

  it('Given stop-without-draining cleared, When the service scales in, Then the leaving task drains before it stops', async () => {
    const faults = await service(2);
    faults.add({ kind: 'stop-without-draining', count: 1 });
    faults.clear();
    await h.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 1 });
    await h.until('stable at 1', () => h.stable());
    const stopped = await h.describeTasks(
      (await h.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' })).taskArns ?? [],
    );
    expect(stopped.map((t) => t.containers?.[0]?.exitCode)).toEqual([143]);
    expect(h.elb.log.filter((l) => l.startsWith('deregister '))).toHaveLength(1);
  });

  it('Given stop-without-draining armed, When the service scales in, Then the leaving task is killed (137) and drains only after', async () => {
    const faults = await service(2);
    faults.add({ kind: 'stop-without-draining', count: 1, routedForMs: 0 });
    await h.call('UpdateService', { cluster: seed.clusterName, service: 'demo', desiredCount: 1 });
    await h.until('stable at 1', () => h.stable());
    await h.until('the stopped task', async () => {
      const list = await h.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' });
      return (await h.describeTasks(list.taskArns ?? [])).some((t) => t.lastStatus === 'STOPPED');
    });
    const stopped = await h.describeTasks(
      (await h.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' })).taskArns ?? [],
    );
    expect(stopped.map((t) => t.containers?.[0]?.exitCode)).toEqual([137]);
  });
});
