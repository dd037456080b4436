import type * as ecs from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { bootedInstance, groupArn } from './fake-auto-scaling.js';
import { Harness } from './harness.js';

const cluster = 'demo-cluster';
let h: Harness | undefined;
afterEach(async () => {
  await h?.ecs.close();
  h = undefined;
});

async function world(): Promise<Harness> {
  h = new Harness(undefined, 1000, undefined, []);
  await h.ecs.start();
  for (const name of ['demo-asg', 'other-asg']) {
    h.autoScaling.add(name);
    await h.call('CreateCapacityProvider', {
      name: name.replace('asg', 'cp'),
      autoScalingGroupProvider: {
        autoScalingGroupArn: groupArn(name),
        managedScaling: { status: 'ENABLED' },
        managedTerminationProtection: 'ENABLED',
      },
    });
  }
  await h.call('CreateCluster', { clusterName: cluster });
  return h;
}

type Item = { capacityProvider: string; weight: number; base?: number };
const attach = (
  harness: Harness,
  names: string[],
  strategy: Item[] = names.map((n) => ({ capacityProvider: n, weight: 1 })),
) =>
  harness.call('PutClusterCapacityProviders', {
    cluster,
    capacityProviders: names,
    defaultCapacityProviderStrategy: strategy,
  });

async function describe1(harness: Harness, include: string[] = ['ATTACHMENTS']): Promise<ecs.Cluster> {
  const out = await harness.call('DescribeClusters', { clusters: [cluster], include });
  return out.clusters?.[0] ?? {};
}

const settled = (harness: Harness) =>
  harness.until(
    'the capacity update completes',
    async () => (await describe1(harness)).attachmentsStatus === 'UPDATE_COMPLETE',
  );

describe('PutClusterCapacityProviders', () => {
  it('Given a provider, when it is attached as the default, then the cluster shows it, its strategy and its scaling policy attachment settling', async () => {
    const harness = await world();
    const out = await attach(harness, ['demo-cp']);
    expect(out.cluster).toMatchObject({
      capacityProviders: ['demo-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1, base: 0 }],
      attachmentsStatus: 'UPDATE_IN_PROGRESS',
    });
    expect(out.cluster?.attachments?.[0]).toMatchObject({ type: 'as_policy', status: 'PRECREATED' });
    await settled(harness);
    const described = await describe1(harness);
    expect(described.attachments?.[0]?.status).toBe('ACTIVE');
    expect(described.attachments?.[0]?.details).toContainEqual({ name: 'capacityProviderName', value: 'demo-cp' });
    expect((await describe1(harness, [])).attachments).toBeUndefined();
    const inventory = harness.ecs.control.inventory();
    expect(inventory.capacityProviders).toContainEqual(
      expect.objectContaining({
        name: 'demo-cp',
        cluster: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/demo-cluster',
      }),
    );
  });

  it('Given running tasks, when statistics are asked for, then the EC2 counts are there; without, none', async () => {
    const harness = await world();
    harness.ecs.agents.register(bootedInstance(1));
    await harness.registerWeb();
    await harness.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 1 });
    await harness.until('the task runs', async () => (await describe1(harness, [])).runningTasksCount === 1);
    const statistics = (await describe1(harness, ['STATISTICS'])).statistics ?? [];
    expect(statistics).toContainEqual({ name: 'runningEC2TasksCount', value: '1' });
    expect(statistics).toContainEqual({ name: 'activeEC2ServiceCount', value: '1' });
    expect((await describe1(harness, [])).statistics).toEqual([]);
    expect((await harness.error('DescribeClusters', { clusters: [cluster], include: ['EVERYTHING'] })).name).toBe(
      'InvalidParameterException',
    );
  });

  it('Given an update in progress, when another update or the deletion comes, then UpdateInProgressException', async () => {
    const harness = await world();
    await attach(harness, ['demo-cp']);
    expect(
      (
        await harness.error('PutClusterCapacityProviders', {
          cluster,
          capacityProviders: [],
          defaultCapacityProviderStrategy: [],
        })
      ).name,
    ).toBe('UpdateInProgressException');
    expect((await harness.error('DeleteCluster', { cluster })).name).toBe('UpdateInProgressException');
    await settled(harness);
    await attach(harness, []);
    await settled(harness);
    expect((await describe1(harness)).capacityProviders).toEqual([]);
    expect((await describe1(harness)).attachments).toEqual([]);
  });

  it('Given a strategy naming a provider that is not attached, or a provider that does not exist, then each is refused', async () => {
    const harness = await world();
    const unattached = await harness.error('PutClusterCapacityProviders', {
      cluster,
      capacityProviders: ['demo-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'other-cp', weight: 1 }],
    });
    expect(unattached.name).toBe('InvalidParameterException');
    expect(unattached.message).toContain('not associated with the cluster');
    const missing = await harness.error('PutClusterCapacityProviders', {
      cluster,
      capacityProviders: ['nope-cp'],
      defaultCapacityProviderStrategy: [],
    });
    expect(missing.name).toBe('InvalidParameterException');
    expect(missing.message).toContain('nope-cp');
    expect((await describe1(harness)).capacityProviders).toEqual([]);
  });

  it('Given a service on a provider, when the provider is removed from the cluster, then ResourceInUseException', async () => {
    const harness = await world();
    await attach(harness, ['demo-cp', 'other-cp'], [{ capacityProvider: 'demo-cp', weight: 1, base: 0 }]);
    await settled(harness);
    await harness.registerWeb();
    await harness.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 0 });
    const error = await harness.error('PutClusterCapacityProviders', {
      cluster,
      capacityProviders: ['other-cp'],
      defaultCapacityProviderStrategy: [],
    });
    expect(error).toMatchObject({
      name: 'ResourceInUseException',
      message: 'The specified capacity provider is in use and cannot be removed.',
    });
    // Removing the one it does not use is fine.
    await attach(harness, ['demo-cp'], []);
  });

  it('Given a cluster created with a provider, then it starts with it attached; a second cluster cannot take it', async () => {
    h = new Harness(undefined, 1000, undefined, []);
    h.autoScaling.add('demo-asg');
    await h.call('CreateCapacityProvider', {
      name: 'demo-cp',
      autoScalingGroupProvider: { autoScalingGroupArn: groupArn('demo-asg') },
    });
    const out = await h.call('CreateCluster', {
      clusterName: cluster,
      capacityProviders: ['demo-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1 }],
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    expect(out.cluster).toMatchObject({
      capacityProviders: ['demo-cp'],
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    // Managed scaling off: no scaling policy to attach.
    expect(out.cluster?.attachments).toEqual([]);
    const second = await h.error('CreateCluster', { clusterName: 'second', capacityProviders: ['demo-cp'] });
    expect(second.name).toBe('InvalidParameterException');
    expect((await h.call('ListClusters')).clusterArns).toHaveLength(1);
  });
});

describe('DeleteCluster of a first-time cluster', () => {
  it('Given instances, a service and a provider, when deleted in the wrong order, then each AWS error names what is left; in order it succeeds', async () => {
    const harness = await world();
    await attach(harness, ['demo-cp']);
    await settled(harness);
    harness.ecs.agents.register(bootedInstance(1));
    await harness.registerWeb();
    await harness.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 1 });

    expect((await harness.error('DeleteCluster', { cluster })).name).toBe('ClusterContainsContainerInstancesException');
    harness.ecs.agents.instanceTerminated(bootedInstance(1).id);
    expect((await harness.error('DeleteCluster', { cluster })).name).toBe('ClusterContainsServicesException');
    await harness.call('DeleteService', { cluster, service: 'web', force: true });
    await harness.until('the service is gone', async () => {
      const out = await harness.call('DescribeServices', { cluster, services: ['web'] });
      return out.services?.[0]?.status === 'INACTIVE';
    });

    const deleted = await harness.call('DeleteCluster', { cluster });
    expect(deleted.cluster?.status).toBe('INACTIVE');
    // Deleting the cluster detached its provider, which can now go.
    const out = await harness.call('DeleteCapacityProvider', { capacityProvider: 'demo-cp' });
    expect(out.capacityProvider?.updateStatus).toBe('DELETE_IN_PROGRESS');
    expect((await harness.error('DeleteCluster', { cluster })).name).toBe('ClusterNotFoundException');
  });
});

describe('Capacity providers across a restart', () => {
  it('Given a provider attached mid-update and a service on it, when the sandbox restarts, then all of it is there and the update has completed', async () => {
    const first = await world();
    await attach(first, ['demo-cp']);
    first.ecs.agents.register(bootedInstance(1));
    await first.registerWeb();
    await first.call('CreateService', { cluster, serviceName: 'web', taskDefinition: 'web', desiredCount: 1 });
    const saved = first.ecs.snapshot();
    await first.ecs.close();

    h = new Harness(saved, 1000, undefined, []);
    await h.ecs.start();
    const restored = await describe1(h);
    expect(restored).toMatchObject({ capacityProviders: ['demo-cp'], attachmentsStatus: 'UPDATE_COMPLETE' });
    expect(restored.attachments?.map((a) => a.status)).toEqual(['ACTIVE']);
    const providers = await h.call('DescribeCapacityProviders', { capacityProviders: ['demo-cp', 'other-cp'] });
    expect(providers.capacityProviders?.map((p) => p.status)).toEqual(['ACTIVE', 'ACTIVE']);
    const service = await h.call('DescribeServices', { cluster, services: ['web'] });
    expect(service.services?.[0]?.capacityProviderStrategy).toEqual([
      { capacityProvider: 'demo-cp', weight: 1, base: 0 },
    ]);
    const list = await h.call('ListContainerInstances', { cluster });
    const [instance] =
      (await h.call('DescribeContainerInstances', { cluster, containerInstances: list.containerInstanceArns ?? [] }))
        .containerInstances ?? [];
    expect(instance?.capacityProviderName).toBe('demo-cp');
  });
});
