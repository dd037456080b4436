import { afterEach, describe, expect, it } from 'vitest';
import { get, Harness, hostPort, refused, seed } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

const cluster = seed.clusterName;

describe('a hundred tasks', () => {
  it('come up, answer with distinct hostnames, register as targets, and scale back in', async () => {
    // Given a small task (32 MiB) behind a target group with a 1 s deregistration delay, at time scale 60
    h = new Harness(undefined, 60);
    await h.registerWeb({
      containerDefinitions: [
        { name: 'web', image: 'img', memoryReservation: 32, portMappings: [{ containerPort: 4567 }] },
      ],
    });
    const tg = h.elb.addGroup('many', { deregistrationDelaySeconds: 1 });
    const started = Date.now();

    // When a service asks for 100
    await h.call('CreateService', {
      cluster,
      serviceName: 'many',
      taskDefinition: 'web',
      desiredCount: 100,
      loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 4567 }],
    });

    // Then it is stable with 100 targets, spread evenly, each answering with its own container id
    await h.until('stable at 100', () => h.stable('many'), 20_000);
    const list = await h.call('ListTasks', { cluster, serviceName: 'many' });
    expect(list.taskArns).toHaveLength(100);
    const tasks = await h.describeTasks(list.taskArns ?? []);
    const answers = await Promise.all(tasks.map((t) => get(hostPort(t))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(answers.map((a) => a.body)).size).toBe(100);
    expect(h.elb.list(tg)).toHaveLength(100);
    const perInstance = new Map<string, number>();
    for (const t of tasks)
      perInstance.set(t.containerInstanceArn ?? '', (perInstance.get(t.containerInstanceArn ?? '') ?? 0) + 1);
    expect([...perInstance.values()]).toEqual([50, 50]);
    expect(Date.now() - started).toBeLessThan(10_000);

    // When it scales to 0, Then every target drains and every server stops
    await h.call('UpdateService', { cluster, service: 'many', desiredCount: 0 });
    await h.until('stable at 0', () => h.stable('many'), 20_000);
    expect(h.elb.list(tg)).toEqual([]);
    const ports = tasks.map(hostPort);
    expect((await Promise.all(ports.map(refused))).every(Boolean)).toBe(true);
  });
});
