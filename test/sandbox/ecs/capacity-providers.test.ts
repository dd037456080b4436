import { afterEach, describe, expect, it } from 'vitest';
import { groupArn } from './fake-auto-scaling.js';
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
  h.autoScaling.add('demo-asg');
  await h.call('CreateCluster', { clusterName: cluster });
  return h;
}

/** The wizard's capacity provider: managed scaling and managed termination protection on. */
const provider = (name = 'demo-cp', asg = 'demo-asg', extra: Record<string, unknown> = {}) => ({
  name,
  autoScalingGroupProvider: {
    autoScalingGroupArn: groupArn(asg),
    managedScaling: { status: 'ENABLED', targetCapacity: 100 },
    managedTerminationProtection: 'ENABLED',
  },
  tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }],
  ...extra,
});

describe('CreateCapacityProvider', () => {
  it('Given an Auto Scaling group protected from scale-in, when a provider is created on it, then it is ACTIVE with its settings and tags', async () => {
    const harness = await world();
    const out = await harness.call('CreateCapacityProvider', provider());
    expect(out.capacityProvider).toMatchObject({
      name: 'demo-cp',
      status: 'ACTIVE',
      updateStatus: 'CREATE_COMPLETE',
      capacityProviderArn: 'arn:aws:ecs:ap-northeast-1:123456789012:capacity-provider/demo-cp',
      autoScalingGroupProvider: {
        autoScalingGroupArn: groupArn('demo-asg'),
        managedScaling: {
          status: 'ENABLED',
          targetCapacity: 100,
          minimumScalingStepSize: 1,
          maximumScalingStepSize: 10000,
        },
        managedTerminationProtection: 'ENABLED',
      },
      tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }],
    });
    const tags = await harness.call('ListTagsForResource', {
      resourceArn: out.capacityProvider?.capacityProviderArn,
    });
    expect(tags.tags).toEqual([{ key: 'ecs-alb-wizard:stack', value: 'demo' }]);
  });

  it('Given providers, when all are described, then the Fargate ones and ours are listed, tags only on request, in pages of maxResults', async () => {
    const harness = await world();
    harness.autoScaling.add('other-asg');
    await harness.call('CreateCapacityProvider', provider());
    await harness.call('CreateCapacityProvider', provider('other-cp', 'other-asg'));
    const all = await harness.call('DescribeCapacityProviders', {});
    expect(all.capacityProviders?.map((p) => p.name)).toEqual(['FARGATE', 'FARGATE_SPOT', 'demo-cp', 'other-cp']);
    expect(all.capacityProviders?.[2]?.tags).toEqual([]);
    const named = await harness.call('DescribeCapacityProviders', {
      capacityProviders: ['demo-cp', 'missing-cp'],
      include: ['TAGS'],
    });
    expect(named.capacityProviders?.map((p) => p.tags)).toEqual([[{ key: 'ecs-alb-wizard:stack', value: 'demo' }]]);
    expect(named.failures).toEqual([{ arn: 'missing-cp', reason: 'MISSING' }]);
    const first = await harness.call('DescribeCapacityProviders', { maxResults: 3 });
    const second = await harness.call('DescribeCapacityProviders', { maxResults: 3, nextToken: first.nextToken });
    expect(first.capacityProviders).toHaveLength(3);
    expect(second.capacityProviders?.map((p) => p.name)).toEqual(['other-cp']);
    expect(second.nextToken).toBeUndefined();
  });

  it.each(['ecs-demo', 'aws-demo', 'FargateDemo'])(
    'Given the reserved prefix of %s, then the name is refused',
    async (name) => {
      const harness = await world();
      const error = await harness.error('CreateCapacityProvider', provider(name));
      expect(error.name).toBe('InvalidParameterException');
      expect(error.message).toContain('cannot be prefixed with "aws", "ecs", or "fargate"');
    },
  );

  it('Given an Auto Scaling group that does not exist, then the provider is refused with ClientException', async () => {
    const harness = await world();
    const error = await harness.error('CreateCapacityProvider', provider('demo-cp', 'missing-asg'));
    expect(error.name).toBe('ClientException');
    expect(error.message).toContain('Auto Scaling group ARN does not exist');
  });

  it('Given a group without scale-in protection, when termination protection is asked, then AWS says the group must have it', async () => {
    const harness = await world();
    harness.autoScaling.add('open-asg', { newInstancesProtectedFromScaleIn: false });
    const error = await harness.error('CreateCapacityProvider', provider('demo-cp', 'open-asg'));
    expect(error).toMatchObject({
      name: 'ClientException',
      message:
        'The managed termination protection setting for the capacity provider is invalid. To enable managed termination protection for a capacity provider, the Auto Scaling group must have instance protection from scale in enabled.',
    });
    const disabled = provider('demo-cp', 'open-asg');
    disabled.autoScalingGroupProvider.managedTerminationProtection = 'DISABLED';
    expect((await harness.call('CreateCapacityProvider', disabled)).capacityProvider?.status).toBe('ACTIVE');
  });

  it('Given a provider, when one of the same name or on the same group is created, then AWS refuses each', async () => {
    const harness = await world();
    harness.autoScaling.add('other-asg');
    await harness.call('CreateCapacityProvider', provider());
    const duplicate = await harness.error('CreateCapacityProvider', provider('demo-cp', 'other-asg'));
    expect(duplicate.name).toBe('ClientException');
    expect(duplicate.message).toContain('already exists');
    const sameGroup = await harness.error('CreateCapacityProvider', provider('second-cp'));
    expect(sameGroup).toMatchObject({
      name: 'ClientException',
      message:
        'The specified Auto Scaling group ARN is already being used by another capacity provider. Specify a unique Auto Scaling group ARN and try again.',
    });
  });

  it('Given managed scaling out of bounds, then it is refused', async () => {
    const harness = await world();
    const input = provider();
    input.autoScalingGroupProvider.managedScaling.targetCapacity = 0;
    expect((await harness.error('CreateCapacityProvider', input)).name).toBe('InvalidParameterException');
  });
});

describe('DeleteCapacityProvider', () => {
  it('Given a provider attached to a cluster, when it is deleted, then it stays ACTIVE and its update status says why', async () => {
    const harness = await world();
    await harness.call('CreateCapacityProvider', provider());
    await harness.call('PutClusterCapacityProviders', {
      cluster,
      capacityProviders: ['demo-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1 }],
    });
    const out = await harness.call('DeleteCapacityProvider', { capacityProvider: 'demo-cp' });
    expect(out.capacityProvider).toMatchObject({
      status: 'ACTIVE',
      updateStatus: 'DELETE_FAILED',
      updateStatusReason: `The capacity provider cannot be deleted because it is associated with cluster: ${cluster}. Remove the capacity provider from the cluster and try again.`,
    });
  });

  it('Given a free provider, when it is deleted, then it goes DELETE_IN_PROGRESS, then INACTIVE, and its name and group are free again', async () => {
    const harness = await world();
    const created = await harness.call('CreateCapacityProvider', provider());
    const arn = created.capacityProvider?.capacityProviderArn ?? '';
    const out = await harness.call('DeleteCapacityProvider', { capacityProvider: arn });
    expect(out.capacityProvider).toMatchObject({ status: 'ACTIVE', updateStatus: 'DELETE_IN_PROGRESS' });
    expect((await harness.error('CreateCapacityProvider', provider('second-cp'))).name).toBe('ClientException');
    await harness.until('the provider is gone', async () => {
      const named = await harness.call('DescribeCapacityProviders', { capacityProviders: [arn] });
      return named.capacityProviders?.[0]?.updateStatus === 'DELETE_COMPLETE';
    });
    const named = await harness.call('DescribeCapacityProviders', { capacityProviders: ['demo-cp'] });
    expect(named.capacityProviders?.[0]?.status).toBe('INACTIVE');
    const all = await harness.call('DescribeCapacityProviders', {});
    expect(all.capacityProviders?.map((p) => p.name)).toEqual(['FARGATE', 'FARGATE_SPOT']);
    expect((await harness.error('ListTagsForResource', { resourceArn: arn })).name).toBe('ResourceNotFoundException');
    expect((await harness.call('CreateCapacityProvider', provider())).capacityProvider?.status).toBe('ACTIVE');
  });

  it('Given no such provider, then deleting it is refused', async () => {
    const harness = await world();
    expect((await harness.error('DeleteCapacityProvider', { capacityProvider: 'missing' })).name).toBe(
      'InvalidParameterException',
    );
  });
});
