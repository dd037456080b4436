import {
  AssociateRouteTableCommand,
  CreateLaunchTemplateCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  DeleteLaunchTemplateCommand,
  DeleteRouteCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  ModifySubnetAttributeCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { ecsUserData } from './capacity-fixtures.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ seed: 'empty' });
});
afterAll(async () => {
  await t.close();
});

describe('EC2 launch templates through the SDK', () => {
  it('Given a template with IMDSv2, a profile, user data and tag specifications, then it is found by name, id and tag, its version 1 reads back as written, and it deletes', async () => {
    const created = await t.ec2.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'lt1-lt',
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'lt1' }] }],
        LaunchTemplateData: {
          ImageId: seed.ecsAmis.arm64.id,
          InstanceType: 't4g.small',
          IamInstanceProfile: { Name: 'lt1-ecs-instance' },
          SecurityGroupIds: [seed.defaultSecurityGroupId],
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
          UserData: ecsUserData('lt1-cluster'),
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'lt1' }] }],
        },
      }),
    );
    const id = created.LaunchTemplate?.LaunchTemplateId ?? '';
    expect(id).toMatch(/^lt-0[0-9a-f]{16}$/);
    expect(created.LaunchTemplate).toMatchObject({ DefaultVersionNumber: 1, LatestVersionNumber: 1 });
    const byTag = await t.ec2.send(
      new DescribeLaunchTemplatesCommand({ Filters: [{ Name: 'tag:ecs-alb-wizard:stack', Values: ['lt1'] }] }),
    );
    expect(byTag.LaunchTemplates?.map((l) => l.LaunchTemplateId)).toEqual([id]);
    const byName = await t.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['lt1-lt'] }));
    expect(byName.LaunchTemplates?.[0]?.Tags).toEqual([{ Key: 'ecs-alb-wizard:stack', Value: 'lt1' }]);
    const versions = await t.ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: id, Versions: ['$Latest'] }),
    );
    const data = versions.LaunchTemplateVersions?.[0]?.LaunchTemplateData;
    expect(data).toMatchObject({
      ImageId: seed.ecsAmis.arm64.id,
      InstanceType: 't4g.small',
      IamInstanceProfile: { Name: 'lt1-ecs-instance' },
      SecurityGroupIds: [seed.defaultSecurityGroupId],
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
    });
    expect(Buffer.from(data?.UserData ?? '', 'base64').toString()).toContain('ECS_CLUSTER=lt1-cluster');
    expect(data?.TagSpecifications?.[0]).toMatchObject({ ResourceType: 'instance' });
    await t.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: id }));
    await expect(
      t.ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['lt1-lt'] })),
    ).rejects.toMatchObject({ name: 'InvalidLaunchTemplateName.NotFoundException' });
  });

  it('Given a name in use, bad user data or an unknown id, then EC2 answers with its own error codes', async () => {
    const data = { ImageId: seed.ecsAmis.x86_64.id, InstanceType: 't3.small' as const };
    await t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'lt2-lt', LaunchTemplateData: data }));
    await expect(
      t.ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'lt2-lt', LaunchTemplateData: data })),
    ).rejects.toMatchObject({ name: 'InvalidLaunchTemplateName.AlreadyExistsException' });
    await expect(
      t.ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'lt3-lt',
          LaunchTemplateData: { ...data, UserData: 'not base64 at all!' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidUserData.Malformed' });
    await expect(
      t.ec2.send(new DeleteLaunchTemplateCommand({ LaunchTemplateId: 'lt-0000000000000000f' })),
    ).rejects.toMatchObject({ name: 'InvalidLaunchTemplateId.NotFound' });
  });
});

describe('EC2 routes to the internet through the SDK', () => {
  it('Given the default VPC, then its internet gateway is attached, the main route table sends 0.0.0.0/0 to it, no NAT gateway exists and every subnet maps public IPs', async () => {
    const igws = await t.ec2.send(
      new DescribeInternetGatewaysCommand({ Filters: [{ Name: 'attachment.vpc-id', Values: [seed.vpcId] }] }),
    );
    expect(igws.InternetGateways?.[0]).toMatchObject({
      InternetGatewayId: seed.internetGatewayId,
      Attachments: [{ VpcId: seed.vpcId, State: 'available' }],
    });
    const main = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.main', Values: ['true'] }] }),
    );
    expect(main.RouteTables?.[0]?.Routes).toContainEqual(
      expect.objectContaining({ DestinationCidrBlock: '0.0.0.0/0', GatewayId: seed.internetGatewayId }),
    );
    expect((await t.ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways).toEqual([]);
    const subnets = await t.ec2.send(new DescribeSubnetsCommand({}));
    expect(subnets.Subnets?.map((s) => s.MapPublicIpOnLaunch)).toEqual([true, true, true]);
  });

  it('Given a subnet given its own table without a default route and no public IPs, then it reads back as private; the local route cannot be deleted', async () => {
    const subnetId = seed.subnets[2].id;
    const table = await t.ec2.send(new CreateRouteTableCommand({ VpcId: seed.vpcId }));
    const tableId = table.RouteTable?.RouteTableId ?? '';
    await t.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId }));
    await t.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnetId, MapPublicIpOnLaunch: { Value: false } }));
    const forSubnet = await t.ec2.send(
      new DescribeRouteTablesCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }),
    );
    expect(forSubnet.RouteTables?.map((r) => r.RouteTableId)).toEqual([tableId]);
    expect(forSubnet.RouteTables?.[0]?.Routes?.map((r) => r.DestinationCidrBlock)).toEqual([seed.vpcCidr]);
    const subnet = await t.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
    expect(subnet.Subnets?.[0]?.MapPublicIpOnLaunch).toBe(false);
    await expect(
      t.ec2.send(new AssociateRouteTableCommand({ RouteTableId: tableId, SubnetId: subnetId })),
    ).rejects.toMatchObject({ name: 'Resource.AlreadyAssociated' });
    await expect(
      t.ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: seed.vpcCidr })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await t.ec2.send(
      new CreateRouteCommand({
        RouteTableId: tableId,
        DestinationCidrBlock: '0.0.0.0/0',
        GatewayId: seed.internetGatewayId,
      }),
    );
    await expect(
      t.ec2.send(
        new CreateRouteCommand({
          RouteTableId: tableId,
          DestinationCidrBlock: '0.0.0.0/0',
          GatewayId: seed.internetGatewayId,
        }),
      ),
    ).rejects.toMatchObject({ name: 'RouteAlreadyExists' });
    await t.ec2.send(new DeleteRouteCommand({ RouteTableId: tableId, DestinationCidrBlock: '0.0.0.0/0' }));
  });
});
