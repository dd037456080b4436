import { DeleteAutoScalingGroupCommand, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteCapacityProviderCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  waitUntilServicesInactive,
  waitUntilServicesStable,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createGroup, createInstanceIdentity, createTemplate } from '../capacity-fixtures.js';
import { createAlbStack, get, waitFor } from '../fixtures.js';

const cluster = 'demo-cluster';
const waiter = { maxWaitTime: 60, minDelay: 1, maxDelay: 1 };
let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The SDK error a call fails with (fails the test when it succeeds). */
async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the call succeeded but an error was expected');
}

async function activeInstances(s: TestSandbox): Promise<string[]> {
  const out = await s.ecs.send(new ListContainerInstancesCommand({ cluster, status: 'ACTIVE' }));
  return out.containerInstanceArns ?? [];
}

describe('first-time setup on the sandbox, through the SDK clients', () => {
  it('Given the empty seed, when a cluster, an Auto Scaling group and its capacity provider are created, then its instances register, a strategy service serves through the ALB, and teardown in order removes it all', async () => {
    const s = await startTestSandbox({ seed: 'empty' });
    t = s;
    await s.ecs.send(
      new CreateClusterCommand({ clusterName: cluster, tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }] }),
    );
    const identity = await createInstanceIdentity(s);
    await createTemplate(s, { ...identity, cluster });
    await createGroup(s, 'demo-lt', 2);
    const groups = await s.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['demo-asg'] }),
    );
    const groupArn = groups.AutoScalingGroups?.[0]?.AutoScalingGroupARN ?? '';

    const created = await s.ecs.send(
      new CreateCapacityProviderCommand({
        name: 'demo-cp',
        autoScalingGroupProvider: {
          autoScalingGroupArn: groupArn,
          managedScaling: { status: 'ENABLED', targetCapacity: 100 },
          managedTerminationProtection: 'ENABLED',
        },
        tags: [{ key: 'ecs-alb-wizard:stack', value: 'demo' }],
      }),
    );
    expect(created.capacityProvider?.status).toBe('ACTIVE');
    const duplicate = await failure(
      s.ecs.send(
        new CreateCapacityProviderCommand({
          name: 'demo-cp',
          autoScalingGroupProvider: { autoScalingGroupArn: groupArn },
        }),
      ),
    );
    expect(duplicate.name).toBe('ClientException');

    await s.ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster,
        capacityProviders: ['demo-cp'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1 }],
      }),
    );
    await waitFor('the capacity update to complete', async () => {
      const out = await s.ecs.send(new DescribeClustersCommand({ clusters: [cluster], include: ['ATTACHMENTS'] }));
      return out.clusters?.[0]?.attachmentsStatus === 'UPDATE_COMPLETE';
    });
    const arns = await waitFor('2 container instances', async () => {
      const active = await activeInstances(s);
      return active.length === 2 && active;
    });
    const described = await s.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: arns }));
    for (const instance of described.containerInstances ?? []) {
      expect(instance.capacityProviderName).toBe('demo-cp');
      expect(instance.attributes).toContainEqual({ name: 'ecs.instance-type', value: 't3.small' });
    }

    const stack = await createAlbStack(s, { allowInstances: false });
    await s.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: identity.groupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: stack.albGroupId }] },
        ],
      }),
    );
    await s.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        networkMode: 'bridge',
        containerDefinitions: [
          {
            name: 'web',
            image: 'public.ecr.aws/example/hostname',
            memoryReservation: 64,
            portMappings: [{ containerPort: 4567, hostPort: 0 }],
          },
        ],
      }),
    );
    const both = await failure(
      s.ecs.send(
        new CreateServiceCommand({
          cluster,
          serviceName: 'web',
          taskDefinition: 'web',
          desiredCount: 2,
          launchType: 'EC2',
          capacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1 }],
        }),
      ),
    );
    expect(both.name).toBe('InvalidParameterException');
    const service = await s.ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: 'web',
        taskDefinition: 'web',
        desiredCount: 2,
        capacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1, base: 0 }],
        loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'web', containerPort: 4567 }],
      }),
    );
    expect(service.service?.capacityProviderStrategy).toEqual([{ capacityProvider: 'demo-cp', weight: 1, base: 0 }]);
    await waitUntilServicesStable({ client: s.ecs, ...waiter }, { cluster, services: ['web'] });
    const list = await s.ecs.send(new ListTasksCommand({ cluster, serviceName: 'web' }));
    const tasks = (await s.ecs.send(new DescribeTasksCommand({ cluster, tasks: list.taskArns ?? [] }))).tasks ?? [];
    expect(tasks.map((task) => task.capacityProviderName)).toEqual(['demo-cp', 'demo-cp']);
    const expected = new Set(tasks.map((task) => task.containers?.[0]?.runtimeId?.slice(0, 12)));
    const seen = await waitFor('answers from both tasks through the ALB', async () => {
      const hostnames = new Set<string>();
      for (let i = 0; i < 20; i += 1) hostnames.add((await get(stack.local, stack.dnsName, '/hostname')).body);
      return hostnames.size === 2 && hostnames;
    });
    expect(seen).toEqual(expected);

    // Teardown in the wizard's order.
    await s.ecs.send(new DeleteServiceCommand({ cluster, service: 'web', force: true }));
    await waitUntilServicesInactive({ client: s.ecs, ...waiter }, { cluster, services: ['web'] });
    expect((await failure(s.ecs.send(new DeleteClusterCommand({ cluster })))).name).toBe(
      'ClusterContainsContainerInstancesException',
    );
    await s.ecs.send(
      new PutClusterCapacityProvidersCommand({ cluster, capacityProviders: [], defaultCapacityProviderStrategy: [] }),
    );
    await s.ecs.send(new DeleteCapacityProviderCommand({ capacityProvider: 'demo-cp' }));
    await waitFor('the provider to be deleted', async () => {
      const out = await s.ecs.send(new DescribeCapacityProvidersCommand({ capacityProviders: ['demo-cp'] }));
      return out.capacityProviders?.[0]?.status === 'INACTIVE';
    });
    await s.autoScaling.send(
      new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: 'demo-asg', ForceDelete: true }),
    );
    await waitFor('the instances to deregister', async () => (await activeInstances(s)).length === 0);
    const deleted = await s.ecs.send(new DeleteClusterCommand({ cluster }));
    expect(deleted.cluster?.status).toBe('INACTIVE');
  });
});
