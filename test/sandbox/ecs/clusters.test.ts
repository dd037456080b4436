import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Resource } from '@aws-sdk/client-ecs';
import { Harness, seed } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = new Harness();
});
afterEach(async () => {
  await h.ecs.close();
});

describe('the seeded cluster', () => {
  it('is ecs-demo with two container instances, one per EC2 instance', async () => {
    const clusterArn = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/ecs-demo';
    expect(await h.call('ListClusters')).toEqual({ clusterArns: [clusterArn] });
    const described = await h.call('DescribeClusters', { clusters: ['ecs-demo', 'ghost'] });
    expect(described.clusters?.[0]).toMatchObject({
      clusterArn,
      clusterName: 'ecs-demo',
      status: 'ACTIVE',
      registeredContainerInstancesCount: 2,
      runningTasksCount: 0,
      pendingTasksCount: 0,
      activeServicesCount: 0,
    });
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/ghost', reason: 'MISSING' },
    ]);

    const list = await h.call('ListContainerInstances', { cluster: 'ecs-demo' });
    expect(list.containerInstanceArns).toHaveLength(2);
    for (const arn of list.containerInstanceArns ?? [])
      expect(arn).toMatch(/^arn:aws:ecs:ap-northeast-1:123456789012:container-instance\/ecs-demo\/[0-9a-f]{32}$/);
    const { containerInstances = [] } = await h.call('DescribeContainerInstances', {
      cluster: clusterArn,
      containerInstances: list.containerInstanceArns,
    });
    expect(containerInstances.map((i) => i.ec2InstanceId)).toEqual(seed.instances.map((i) => i.id));
    const [first] = containerInstances;
    expect(first).toMatchObject({ status: 'ACTIVE', agentConnected: true, runningTasksCount: 0, pendingTasksCount: 0 });
    expect(first?.versionInfo?.agentVersion).toMatch(/^\d+\.\d+\.\d+$/);
    const resource = (list: Resource[] | undefined, name: string) => list?.find((r) => r.name === name)?.integerValue;
    expect(resource(first?.registeredResources, 'CPU')).toBe(2048);
    expect(resource(first?.registeredResources, 'MEMORY')).toBe(3904);
    expect(first?.attributes).toContainEqual({ name: 'ecs.availability-zone', value: 'ap-northeast-1a' });

    // The ids are derived from the EC2 instances, so a fresh sandbox shows the same ARNs
    const other = new Harness();
    expect((await other.call('ListContainerInstances', { cluster: 'ecs-demo' })).containerInstanceArns).toEqual(
      list.containerInstanceArns,
    );
    await other.ecs.close();
  });

  it('pages container instances and reports unknown clusters', async () => {
    const first = await h.call('ListContainerInstances', { cluster: 'ecs-demo', maxResults: 1 });
    expect(first.containerInstanceArns).toHaveLength(1);
    const second = await h.call('ListContainerInstances', {
      cluster: 'ecs-demo',
      maxResults: 1,
      nextToken: first.nextToken,
    });
    expect(second.containerInstanceArns).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(second.containerInstanceArns?.[0]).not.toBe(first.containerInstanceArns?.[0]);
    expect(await h.error('ListContainerInstances', { cluster: 'ghost' })).toMatchObject({
      name: 'ClusterNotFoundException',
      message: 'Cluster not found.',
    });
    expect((await h.error('ListServices', {})).name).toBe('ClusterNotFoundException');
  });

  it('cannot be deleted while it has container instances or services', async () => {
    expect((await h.error('DeleteCluster', { cluster: 'ecs-demo' })).name).toBe(
      'ClusterContainsContainerInstancesException',
    );
    await h.call('CreateCluster', { clusterName: 'empty' });
    await h.registerWeb();
    await h.call('CreateService', { cluster: 'empty', serviceName: 'idle', taskDefinition: 'web', desiredCount: 0 });
    expect((await h.error('DeleteCluster', { cluster: 'empty' })).name).toBe('ClusterContainsServicesException');
    await h.call('DeleteService', { cluster: 'empty', service: 'idle' });
    expect((await h.error('DeleteCluster', { cluster: 'empty' })).name).toBe('ClusterContainsServicesException');
    await h.until('the service is INACTIVE', async () => {
      const out = await h.call('DescribeServices', { cluster: 'empty', services: ['idle'] });
      return out.services?.[0]?.status === 'INACTIVE';
    });
    expect((await h.call('DeleteCluster', { cluster: 'empty' })).cluster?.status).toBe('INACTIVE');
  });

  it('tags resources by ARN', async () => {
    const arn = 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/ecs-demo';
    await h.call('TagResource', {
      resourceArn: arn,
      tags: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });
    await h.call('UntagResource', { resourceArn: arn, tagKeys: ['a'] });
    expect(await h.call('ListTagsForResource', { resourceArn: arn })).toEqual({ tags: [{ key: 'b', value: '2' }] });
    expect((await h.call('DescribeClusters', { clusters: [arn], include: ['TAGS'] })).clusters?.[0]?.tags).toEqual([
      { key: 'b', value: '2' },
    ]);
    expect((await h.error('ListTagsForResource', { resourceArn: `${arn}x` })).name).toBe('ResourceNotFoundException');
    expect((await h.error('RunTask', {})).name).toBe('UnknownOperationException');
  });
});
