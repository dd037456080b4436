import { CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CreateLaunchTemplateCommand, CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import {
  CreateCapacityProviderCommand,
  DescribeClustersCommand,
  PutClusterCapacityProvidersCommand,
} from '@aws-sdk/client-ecs';
import { beforeEach, describe, expect, it } from 'vitest';
import { friendlyError } from '../../source/aws/errors.js';
import { capacityStep } from '../../source/steps/capacity.js';
import { awsError, fakeStepDeps, mocks } from './aws-mocks.js';
import { createResults, givenEmptyAccount, givenPublicSubnets } from './capacity-fixtures.js';

beforeEach(() => mocks.reset());

const answers = { createCluster: 'true', instanceType: 't3.small', instances: '2', hostPortRange: '32768-65535' };

const propagation = () =>
  awsError(
    'ValidationError',
    'You must use a valid fully-formed launch template. Value (demo-ecs-instance) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name',
  );

describe('capacity step: creating the cluster and its EC2 capacity', () => {
  it('Given an empty account with public subnets, When it runs, Then it creates each part in order, recording each as it exists', async () => {
    givenPublicSubnets();
    const calls: string[] = [];
    givenEmptyAccount(calls);
    const { deps, recorded } = fakeStepDeps(createResults);
    const order: string[] = [];
    const record = (resource: { kind: string }, reused: boolean) => {
      recorded.push({ resource: resource as never, reused });
      order.push(`record ${resource.kind}`);
      calls.push(`record ${resource.kind}`);
    };
    const result = await capacityStep.execute(answers, deps, record);
    expect(calls.filter((c) => !c.startsWith('AttachRolePolicy') && !c.startsWith('GetParameter'))).toEqual([
      'CreateSecurityGroup',
      'record security-group',
      'CreateRole',
      'record iam-role',
      'CreateInstanceProfile',
      'record instance-profile',
      'AddRoleToInstanceProfile',
      'CreateLaunchTemplate',
      'record launch-template',
      'CreateCluster',
      'record ecs-cluster',
      'CreateAutoScalingGroup',
      'record auto-scaling-group',
      'CreateCapacityProvider',
      'record capacity-provider',
      'PutClusterCapacityProviders',
      'UpdateAutoScalingGroup desired 2',
    ]);
    expect(recorded.every((r) => !r.reused)).toBe(true);
    expect(result).toMatchObject({
      clusterName: 'demo-cluster',
      instanceSecurityGroupId: 'sg-0inst',
      imageId: 'ami-0x86',
      architecture: 'x86_64',
      autoScalingGroupName: 'demo-asg',
      capacityProviderName: 'demo-cp',
      desired: 2,
    });
    expect(calls).toContain(
      'AttachRolePolicy arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role',
    );
    expect(calls).toContain('AttachRolePolicy arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore');
  });

  it('Given the defaults, Then the launch template asks IMDSv2 with hop limit 2 and its user data names the cluster and host port range', async () => {
    givenPublicSubnets();
    givenEmptyAccount([]);
    const { deps, record } = fakeStepDeps(createResults);
    await capacityStep.execute({ ...answers, hostPortRange: '40000-50000' }, deps, record);
    const input = mocks.ec2.commandCalls(CreateLaunchTemplateCommand)[0]!.args[0].input;
    const data = input.LaunchTemplateData!;
    expect(data).toMatchObject({
      ImageId: 'ami-0x86',
      InstanceType: 't3.small',
      IamInstanceProfile: { Name: 'demo-ecs-instance' },
      SecurityGroupIds: ['sg-0inst'],
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
    });
    const script = Buffer.from(data.UserData!, 'base64').toString();
    expect(script).toContain('/etc/ecs/ecs.config');
    expect(script).toMatch(/^ECS_CLUSTER=demo-cluster$/m);
    expect(script).toMatch(/^ECS_DYNAMIC_HOST_PORT_RANGE=40000-50000$/m);
    expect(data.TagSpecifications?.map((t) => t.ResourceType)).toEqual(['instance', 'volume']);
    for (const spec of data.TagSpecifications ?? [])
      expect(spec.Tags).toContainEqual({ Key: 'ecs-alb-wizard:stack', Value: 'demo' });
    expect(input.TagSpecifications?.[0]?.Tags).toContainEqual({ Key: 'ecs-alb-wizard:stack', Value: 'demo' });
  });

  it('Given --instance-type t4g.small, Then the AMI comes from the arm64 parameter', async () => {
    givenPublicSubnets();
    const calls: string[] = [];
    givenEmptyAccount(calls);
    const { deps, record } = fakeStepDeps(createResults);
    const result = await capacityStep.execute({ ...answers, instanceType: 't4g.small' }, deps, record);
    expect(calls).toContain('GetParameter /aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id');
    expect(result.imageId).toBe('ami-0arm');
    expect(result.architecture).toBe('arm64');
    const other = calls.filter((c) => c.startsWith('GetParameter'));
    expect(other).toEqual(['GetParameter /aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id']);
  });

  it('Given two subnets in one AZ, Then the group is created empty (min 0, desired 0, max N) over one subnet per AZ, protected from scale-in', async () => {
    givenPublicSubnets();
    givenEmptyAccount([]);
    const { deps, record } = fakeStepDeps(createResults);
    await capacityStep.execute({ ...answers, instances: '3' }, deps, record);
    expect(mocks.autoScaling.commandCalls(CreateAutoScalingGroupCommand)[0]!.args[0].input).toMatchObject({
      AutoScalingGroupName: 'demo-asg',
      LaunchTemplate: { LaunchTemplateId: 'lt-0abc' },
      MinSize: 0,
      MaxSize: 3,
      DesiredCapacity: 0,
      VPCZoneIdentifier: 'subnet-0abc00000000000a1,subnet-0abc00000000000c1',
      NewInstancesProtectedFromScaleIn: true,
      Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'demo', PropagateAtLaunch: true }],
    });
    expect(mocks.ecs.commandCalls(CreateCapacityProviderCommand)[0]!.args[0].input).toMatchObject({
      name: 'demo-cp',
      autoScalingGroupProvider: {
        autoScalingGroupArn: 'arn:asg/demo-asg',
        managedScaling: { status: 'ENABLED' },
        managedTerminationProtection: 'ENABLED',
      },
    });
    expect(mocks.ecs.commandCalls(PutClusterCapacityProvidersCommand)[0]!.args[0].input).toEqual({
      cluster: 'demo-cluster',
      capacityProviders: ['demo-cp'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'demo-cp', weight: 1, base: 0 }],
    });
  });

  it('Given a fresh instance profile Auto Scaling refuses twice, Then the create is retried, shown as a wait, and succeeds', async () => {
    givenPublicSubnets();
    const made = givenEmptyAccount([]);
    let refusals = 0;
    mocks.autoScaling.on(CreateAutoScalingGroupCommand).callsFake(() => {
      if (refusals++ < 2) throw propagation();
      made.add('CreateAutoScalingGroup');
      return {};
    });
    const { deps, record, events } = fakeStepDeps(createResults);
    await capacityStep.execute(answers, deps, record);
    expect(mocks.autoScaling.commandCalls(CreateAutoScalingGroupCommand)).toHaveLength(3);
    const waits = events.filter((e) => e.type === 'wait' && e.id === 'instance-profile-usable');
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'wait-end', id: 'instance-profile-usable', ok: true }),
    );
  });

  it('Given any other ValidationError from Auto Scaling, Then it is not retried and names the group', async () => {
    givenPublicSubnets();
    givenEmptyAccount([]);
    mocks.autoScaling
      .on(CreateAutoScalingGroupCommand)
      .rejects(awsError('ValidationError', 'The instance type t3.small is not supported in ap-northeast-1d'));
    const { deps, record } = fakeStepDeps(createResults);
    const error = await capacityStep.execute(answers, deps, record).catch((e: unknown) => e);
    expect(friendlyError(error).message).toMatch(/create Auto Scaling group demo-asg: .*not supported/);
    expect(mocks.autoScaling.commandCalls(CreateAutoScalingGroupCommand)).toHaveLength(1);
  });

  it('Given the caller lacks iam:PassRole, Then the error names the action and the role ARN to grant it on', async () => {
    givenPublicSubnets();
    givenEmptyAccount([]);
    mocks.autoScaling
      .on(CreateAutoScalingGroupCommand)
      .rejects(
        awsError(
          'AccessDenied',
          'User: arn:aws:iam::123456789012:user/demo is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/demo-ecs-instance',
          403,
        ),
      );
    const { deps, record } = fakeStepDeps(createResults);
    const friendly = friendlyError(await capacityStep.execute(answers, deps, record).catch((e: unknown) => e));
    expect(friendly.message).toMatch(
      /Access denied for iam:PassRole on arn:aws:iam::123456789012:role\/demo-ecs-instance/,
    );
    expect(friendly.hint).toMatch(/needs iam:PassRole for arn:aws:iam::123456789012:role\/demo-ecs-instance/);
  });

  it('Given a cluster demo-cluster without the stack tag, Then it is refused by name before anything is created', async () => {
    givenPublicSubnets();
    givenEmptyAccount([]);
    mocks.ecs.on(DescribeClustersCommand).resolves({
      clusters: [{ clusterName: 'demo-cluster', clusterArn: 'arn:cluster/demo-cluster', status: 'ACTIVE', tags: [] }],
    });
    const { deps, record, recorded } = fakeStepDeps(createResults);
    const error = await capacityStep.execute(answers, deps, record).catch((e: unknown) => e);
    expect(friendlyError(error).message).toMatch(
      /ECS cluster demo-cluster exists but is not tagged ecs-alb-wizard:stack=demo: it is not this stack's/,
    );
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(recorded).toHaveLength(0);
  });

  it('Given the stack already made some parts (a resumed run), Then it reuses them and creates only the rest', async () => {
    givenPublicSubnets();
    const calls: string[] = [];
    const made = givenEmptyAccount(calls);
    made.add('CreateSecurityGroup').add('CreateRole');
    const { deps, recorded, record } = fakeStepDeps(createResults);
    await capacityStep.execute(answers, deps, record);
    expect(calls).not.toContain('CreateSecurityGroup');
    expect(calls).not.toContain('CreateRole');
    expect(recorded.slice(0, 2).map((r) => [r.resource.kind, r.reused])).toEqual([
      ['security-group', true],
      ['iam-role', true],
    ]);
    expect(recorded.slice(2).every((r) => !r.reused)).toBe(true);
  });

  it('Given a run that died after the group was created empty, When it runs again, Then the group is scaled out only after its provider is on the cluster, and a third run changes nothing', async () => {
    givenPublicSubnets();
    const calls: string[] = [];
    const made = givenEmptyAccount(calls);
    made.add('CreateSecurityGroup').add('CreateRole').add('CreateInstanceProfile').add('CreateLaunchTemplate');
    made.add('CreateCluster');
    await capacityStep.execute(answers, fakeStepDeps(createResults).deps, () => undefined);
    const scale = calls.indexOf('UpdateAutoScalingGroup desired 2');
    expect(scale).toBeGreaterThan(calls.indexOf('PutClusterCapacityProviders'));
    expect(scale).toBeGreaterThan(calls.indexOf('CreateCapacityProvider'));
    calls.length = 0;
    const { deps, recorded, record } = fakeStepDeps(createResults);
    await capacityStep.execute(answers, deps, record);
    expect(calls.filter((c) => /^(Create|Update)/.test(c))).toEqual([]);
    expect(recorded.every((r) => r.reused)).toBe(true);
  });
});

describe('capacity step: can the subnets reach the internet (before anything is created)', () => {
  it('Given a NAT gateway route, Then it goes ahead', async () => {
    givenPublicSubnets(false, { NatGatewayId: 'nat-0abc' });
    givenEmptyAccount([]);
    const { deps, record } = fakeStepDeps(createResults);
    await expect(capacityStep.execute(answers, deps, record)).resolves.toMatchObject({ clusterName: 'demo-cluster' });
  });

  it('Given an internet gateway but no public IP on launch, Then it stops naming the subnet and the attribute, creating nothing', async () => {
    givenPublicSubnets(false);
    givenEmptyAccount([]);
    const { deps, record, recorded } = fakeStepDeps(createResults);
    const error = await capacityStep.execute(answers, deps, record).catch((e: unknown) => e);
    expect(friendlyError(error).message).toMatch(
      /subnet-0abc00000000000a1 \(rtb-main routes 0.0.0.0\/0 to igw-0abc but the subnet gives no public IP on launch/,
    );
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
    expect(recorded).toHaveLength(0);
  });

  it('Given no default route at all, Then it stops naming the route table and the ways out', async () => {
    givenPublicSubnets(true, { GatewayId: 'local' });
    givenEmptyAccount([]);
    const { deps, record } = fakeStepDeps(createResults);
    const error = await capacityStep.execute(answers, deps, record).catch((e: unknown) => e);
    expect(friendlyError(error).message).toMatch(
      /rtb-main has no 0.0.0.0\/0 route to an internet gateway or a NAT gateway.*add a NAT gateway route/,
    );
    expect(mocks.ec2.commandCalls(CreateSecurityGroupCommand)).toHaveLength(0);
  });
});

describe('capacity step: questions and skip', () => {
  it('Given an existing cluster (no --create-cluster), Then the step is skipped saying why', () => {
    expect(
      capacityStep.skip?.({ cluster: 'ecs-demo', createCluster: 'false' }, { stack: 'demo', region: 'r', results: {} }),
    ).toMatch(/ecs-demo brings its own container instances/);
    expect(capacityStep.skip?.({ createCluster: 'true' }, { stack: 'demo', region: 'r', results: {} })).toBeUndefined();
  });

  it('Given a bad --instances or --instance-type, Then validate names the flag and its rule', () => {
    expect(capacityStep.validate({ ...answers, instances: '11' }, { stack: 'demo', region: 'r', results: {} })).toMatch(
      /--instances must be a number of instances 1-10, got 11/,
    );
    expect(
      capacityStep.validate({ ...answers, instanceType: 'small' }, { stack: 'demo', region: 'r', results: {} }),
    ).toMatch(/--instance-type must be an EC2 instance type such as t3.small/);
  });
});
