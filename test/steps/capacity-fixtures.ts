import {
  CreateAutoScalingGroupCommand,
  UpdateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeScalingActivitiesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  CreateLaunchTemplateCommand,
  CreateSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  PutClusterCapacityProvidersCommand,
} from '@aws-sdk/client-ecs';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  GetInstanceProfileCommand,
  GetRoleCommand,
} from '@aws-sdk/client-iam';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import type { StepResults } from '../../source/model/results.js';
import { awsError, baseResults, mocks } from './aws-mocks.js';

/** Results before the capacity step on the empty seed: a planned cluster in the default VPC. */
export const createResults: StepResults = {
  account: { ...baseResults.account!, clusters: [] },
  cluster: {
    clusterName: 'demo-cluster',
    clusterArn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/demo-cluster',
    instances: [],
    vpcId: 'vpc-0abc0000000000001',
    subnets: [
      { id: 'subnet-0abc00000000000a1', az: 'ap-northeast-1a', public: true },
      { id: 'subnet-0abc00000000000a2', az: 'ap-northeast-1a', public: true },
      { id: 'subnet-0abc00000000000c1', az: 'ap-northeast-1c', public: true },
    ],
    mode: 'create',
  },
  network: {
    vpcId: 'vpc-0abc0000000000001',
    subnetIds: ['subnet-0abc00000000000a1', 'subnet-0abc00000000000a2', 'subnet-0abc00000000000c1'],
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
  },
};

export const tag = [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }];
export const ecsTag = [{ key: 'ecs-alb-wizard:stack', value: 'demo' }];

/** Subnets with public IPs on launch and the VPC's main route table to an internet gateway. */
export function givenPublicSubnets(mapPublicIp = true, route: Record<string, string> = { GatewayId: 'igw-0abc' }) {
  mocks.ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: createResults.network!.subnetIds.map((SubnetId) => ({ SubnetId, MapPublicIpOnLaunch: mapPublicIp })),
  });
  mocks.ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-main',
        VpcId: 'vpc-0abc0000000000001',
        Associations: [{ Main: true }],
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', State: 'active', ...route }],
      },
    ],
  });
}

/**
 * An account where none of the stack's names exist yet; every create answers as AWS does and is
 * logged in `calls` in the order made. `found` turns on the look-ups after each create.
 */
export function givenEmptyAccount(calls: string[]) {
  const made = new Set<string>();
  const note = (name: string) => {
    calls.push(name);
    made.add(name);
  };
  mocks.ec2.on(DescribeSecurityGroupsCommand).callsFake(() => ({
    SecurityGroups: made.has('CreateSecurityGroup')
      ? [{ GroupId: 'sg-0inst', GroupName: 'demo-instances-sg', Tags: tag }]
      : [],
  }));
  mocks.iam.on(GetRoleCommand).callsFake(() => {
    if (!made.has('CreateRole'))
      throw awsError('NoSuchEntityException', 'The role with name demo-ecs-instance cannot be found.', 404);
    return { Role: { RoleName: 'demo-ecs-instance', Tags: tag } };
  });
  mocks.iam.on(GetInstanceProfileCommand).callsFake(() => {
    if (!made.has('CreateInstanceProfile'))
      throw awsError('NoSuchEntityException', 'Instance Profile demo-ecs-instance cannot be found.', 404);
    return {
      InstanceProfile: {
        InstanceProfileName: 'demo-ecs-instance',
        Arn: 'arn:aws:iam::123456789012:instance-profile/demo-ecs-instance',
        Roles: [],
        Tags: tag,
      },
    };
  });
  mocks.ec2.on(DescribeLaunchTemplatesCommand).callsFake(() => {
    if (!made.has('CreateLaunchTemplate'))
      throw awsError(
        'InvalidLaunchTemplateName.NotFoundException',
        'At least one of the launch templates specified in the request does not exist.',
      );
    return { LaunchTemplates: [{ LaunchTemplateId: 'lt-0abc', LaunchTemplateName: 'demo-lt', Tags: tag }] };
  });
  mocks.ecs.on(DescribeClustersCommand).callsFake(() =>
    made.has('CreateCluster')
      ? {
          clusters: [
            { clusterName: 'demo-cluster', clusterArn: 'arn:cluster/demo-cluster', status: 'ACTIVE', tags: ecsTag },
          ],
        }
      : { clusters: [], failures: [{ arn: 'demo-cluster', reason: 'MISSING' }] },
  );
  const size = { desired: 0, max: 0 };
  mocks.autoScaling.on(DescribeAutoScalingGroupsCommand).callsFake(() => ({
    AutoScalingGroups: made.has('CreateAutoScalingGroup')
      ? [
          {
            AutoScalingGroupName: 'demo-asg',
            AutoScalingGroupARN: 'arn:asg/demo-asg',
            Tags: tag,
            Instances: [],
            DesiredCapacity: size.desired,
            MaxSize: size.max,
          },
        ]
      : [],
  }));
  mocks.ecs.on(DescribeCapacityProvidersCommand).callsFake(() =>
    made.has('CreateCapacityProvider')
      ? {
          capacityProviders: [
            { name: 'demo-cp', capacityProviderArn: 'arn:cp/demo-cp', status: 'ACTIVE', tags: ecsTag },
          ],
        }
      : { capacityProviders: [], failures: [{ arn: 'demo-cp', reason: 'MISSING' }] },
  );
  mocks.ssm.on(GetParameterCommand).callsFake((input: { Name: string }) => {
    calls.push(`GetParameter ${input.Name}`);
    return { Parameter: { Name: input.Name, Value: input.Name.includes('arm64') ? 'ami-0arm' : 'ami-0x86' } };
  });
  mocks.ec2.on(CreateSecurityGroupCommand).callsFake(() => (note('CreateSecurityGroup'), { GroupId: 'sg-0inst' }));
  mocks.iam.on(CreateRoleCommand).callsFake(() => (note('CreateRole'), { Role: { RoleName: 'demo-ecs-instance' } }));
  mocks.iam
    .on(AttachRolePolicyCommand)
    .callsFake((input: { PolicyArn: string }) => (note(`AttachRolePolicy ${input.PolicyArn}`), {}));
  mocks.iam
    .on(CreateInstanceProfileCommand)
    .callsFake(
      () => (
        note('CreateInstanceProfile'),
        { InstanceProfile: { Arn: 'arn:aws:iam::123456789012:instance-profile/demo-ecs-instance' } }
      ),
    );
  mocks.iam.on(AddRoleToInstanceProfileCommand).callsFake(() => (note('AddRoleToInstanceProfile'), {}));
  mocks.ec2
    .on(CreateLaunchTemplateCommand)
    .callsFake(() => (note('CreateLaunchTemplate'), { LaunchTemplate: { LaunchTemplateId: 'lt-0abc' } }));
  mocks.ecs
    .on(CreateClusterCommand)
    .callsFake(() => (note('CreateCluster'), { cluster: { clusterArn: 'arn:cluster/demo-cluster' } }));
  mocks.autoScaling
    .on(CreateAutoScalingGroupCommand)
    .callsFake(
      (input: { DesiredCapacity: number; MaxSize: number }) => (
        note('CreateAutoScalingGroup'),
        Object.assign(size, { desired: input.DesiredCapacity, max: input.MaxSize }),
        {}
      ),
    );
  mocks.autoScaling
    .on(UpdateAutoScalingGroupCommand)
    .callsFake(
      (input: { DesiredCapacity: number; MaxSize: number }) => (
        note(`UpdateAutoScalingGroup desired ${input.DesiredCapacity}`),
        Object.assign(size, { desired: input.DesiredCapacity, max: input.MaxSize }),
        {}
      ),
    );
  mocks.ecs.on(CreateCapacityProviderCommand).callsFake(() => (note('CreateCapacityProvider'), {}));
  mocks.ecs.on(PutClusterCapacityProvidersCommand).callsFake(() => (note('PutClusterCapacityProviders'), {}));
  mocks.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
  mocks.autoScaling.on(DescribeScalingActivitiesCommand).resolves({ Activities: [] });
  return made;
}
