import { afterEach, describe, expect, it } from 'vitest';
import { Harness, hostPort, messages, seed } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

/** A service of 1 task behind a fake target group, with the grace period given; its target key once RUNNING. */
async function oneTask(grace?: number): Promise<{ tg: string; key: string }> {
  h = new Harness();
  const taskDefinition = await h.registerWeb();
  const tg = h.elb.addGroup('demo-tg');
  await h.call('CreateService', {
    cluster: seed.clusterName,
    serviceName: 'demo',
    taskDefinition,
    desiredCount: 1,
    loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 4567 }],
    ...(grace === undefined ? {} : { healthCheckGracePeriodSeconds: grace }),
  });
  await h.until('stable', () => h.stable());
  const [task] = await h.runningTasks();
  if (!task) throw new Error('no task');
  const instance = h.elb.list(tg)[0]?.split(':')[0] ?? '';
  return { tg, key: `${instance}:${hostPort(task)}` };
}

describe('ELB health checks as ECS reads them', () => {
  it('Given no grace period, When the target turns unhealthy, Then ECS stops the task at once, naming the target group, and replaces it', async () => {
    const { tg, key } = await oneTask();
    h.elb.setHealth(tg, key, 'unhealthy');
    const [task] = await h.describeTasks(
      (await h.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' })).taskArns ?? [],
    );
    expect(task?.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${tg})`);
    expect(messages(await h.service()).some((m) => m.includes(`is unhealthy in (target-group ${tg})`))).toBe(true);
    await h.until('a replacement is stable', () => h.stable());
    expect((await h.service()).deployments?.[0]?.failedTasks).toBe(1);
  });

  it('Given a grace period, When the target turns unhealthy within it, Then the task keeps running until the period ends, then is stopped', async () => {
    const { tg, key } = await oneTask(300);
    h.elb.setHealth(tg, key, 'unhealthy');
    expect((await h.runningTasks()).map((t) => t.desiredStatus)).toEqual(['RUNNING']);
    await h.until('the task is stopped after the grace period', async () => {
      const stopped = await h.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' });
      return (stopped.taskArns ?? []).length === 1;
    });
  });

  it('Given a grace period, When the target recovers within it, Then the task is never stopped', async () => {
    const { tg, key } = await oneTask(100);
    h.elb.setHealth(tg, key, 'unhealthy');
    h.elb.setHealth(tg, key, 'healthy');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const stopped = await h.call('ListTasks', { cluster: seed.clusterName, desiredStatus: 'STOPPED' });
    expect(stopped.taskArns).toEqual([]);
  });
});
