import { afterEach, describe, expect, it } from 'vitest';
import { Harness, hostPort, refused, seed } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

async function stableService(desiredCount: number): Promise<string> {
  const taskDefinition = await h.registerWeb();
  const tg = h.elb.addGroup('demo-tg');
  await h.call('CreateService', {
    cluster: seed.clusterName,
    serviceName: 'demo',
    taskDefinition,
    desiredCount,
    clientToken: 'demo-token',
    loadBalancers: [{ targetGroupArn: tg, containerName: 'web', containerPort: 4567 }],
  });
  await h.until('stable', () => h.stable());
  return tg;
}

const ref = { cluster: seed.clusterName, service: 'demo' };

describe('DeleteService', () => {
  it('refuses a service scaled above 0 without force', async () => {
    h = new Harness();
    await stableService(1);
    expect(await h.error('DeleteService', ref)).toMatchObject({
      name: 'InvalidParameterException',
      message: 'The service cannot be stopped while it is scaled above 0.',
    });
    expect((await h.service()).status).toBe('ACTIVE');
  });

  it('drains a service scaled to 0, then it turns INACTIVE and its name can be reused', async () => {
    // Given a stable service with 2 tasks, scaled to 0
    h = new Harness();
    const tg = await stableService(2);
    const ports = (await h.runningTasks()).map(hostPort);
    await h.call('UpdateService', { ...ref, desiredCount: 0 });

    // When it is deleted
    const out = await h.call('DeleteService', ref);

    // Then it is DRAINING at once, and UpdateService on it is refused
    expect(out.service?.status).toBe('DRAINING');
    expect(await h.error('UpdateService', { ...ref, desiredCount: 1 })).toMatchObject({
      name: 'ServiceNotActiveException',
      message: 'Service was not ACTIVE.',
    });
    expect(
      await h.error('CreateService', {
        cluster: seed.clusterName,
        serviceName: 'demo',
        taskDefinition: 'web',
        desiredCount: 0,
      }),
    ).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Unable to Start a service that is still Draining.',
    });

    // And it turns INACTIVE once its tasks stopped (the waiter's condition), leaving no servers or targets
    await h.until('INACTIVE', async () => (await h.service()).status === 'INACTIVE');
    for (const port of ports) expect(await refused(port)).toBe(true);
    expect(h.elb.list(tg)).toEqual([]);
    expect((await h.call('ListServices', { cluster: seed.clusterName })).serviceArns).toEqual([]);
    expect(await h.error('UpdateService', { ...ref, desiredCount: 1 })).toMatchObject({
      name: 'ServiceNotActiveException',
    });
    expect(await h.error('DeleteService', ref)).toMatchObject({ name: 'ServiceNotActiveException' });

    // And a new service may take the name, even with the spent client token of the old one
    const again = await h.call('CreateService', {
      cluster: seed.clusterName,
      serviceName: 'demo',
      taskDefinition: 'web',
      desiredCount: 0,
      clientToken: 'demo-token',
    });
    expect(again.service?.status).toBe('ACTIVE');
  });

  it('force deletes a running service', async () => {
    h = new Harness();
    await stableService(1);
    const out = await h.call('DeleteService', { ...ref, force: true });
    expect(out.service).toMatchObject({ status: 'DRAINING', desiredCount: 0 });
    await h.until('INACTIVE', async () => (await h.service()).status === 'INACTIVE');
    expect((await h.call('ListTasks', { cluster: seed.clusterName })).taskArns).toEqual([]);
  });

  it('reports unknown services as ServiceNotFoundException and MISSING', async () => {
    h = new Harness();
    expect((await h.error('DeleteService', { ...ref, service: 'ghost' })).name).toBe('ServiceNotFoundException');
    expect((await h.error('UpdateService', { ...ref, service: 'ghost', desiredCount: 1 })).name).toBe(
      'ServiceNotFoundException',
    );
    expect((await h.error('ListTasks', { cluster: seed.clusterName, serviceName: 'ghost' })).name).toBe(
      'ServiceNotFoundException',
    );
    const out = await h.call('DescribeServices', { cluster: seed.clusterName, services: ['ghost'] });
    expect(out).toEqual({
      services: [],
      failures: [{ arn: `arn:aws:ecs:${seed.region}:${seed.accountId}:service/ecs-demo/ghost`, reason: 'MISSING' }],
    });
  });
});
