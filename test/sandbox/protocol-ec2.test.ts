import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  RevokeSecurityGroupIngressCommand,
  paginateDescribeSecurityGroups,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { waitFor } from './fixtures.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ timeScale: 600 });
});
afterAll(async () => {
  await t.close();
});

async function newGroup(name: string, tags: Record<string, string> = {}): Promise<string> {
  const out = await t.ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: name,
      Description: `group ${name}`,
      VpcId: seed.vpcId,
      TagSpecifications: [
        { ResourceType: 'security-group', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      ],
    }),
  );
  return out.GroupId ?? '';
}

describe('EC2 through the SDK', () => {
  it('describes the seeded default VPC, its three subnets in three AZs, and the two running instances', async () => {
    const vpcs = await t.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
    expect(vpcs.Vpcs?.map((v) => [v.VpcId, v.CidrBlock, v.IsDefault])).toEqual([[seed.vpcId, seed.vpcCidr, true]]);
    const subnets = await t.ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [seed.vpcId] }] }),
    );
    expect(subnets.Subnets?.map((s) => [s.SubnetId, s.AvailabilityZone, s.MapPublicIpOnLaunch])).toEqual(
      seed.subnets.map((s) => [s.id, s.az, true]),
    );
    const instances = await t.ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'vpc-id', Values: [seed.vpcId] }] }),
    );
    const flat = instances.Reservations?.flatMap((r) => r.Instances ?? []) ?? [];
    expect(flat.map((i) => [i.InstanceId, i.State?.Name, i.SecurityGroups?.[0]?.GroupId, i.SubnetId])).toEqual(
      seed.instances.map((i) => [i.id, 'running', seed.instanceSecurityGroup.id, i.subnet]),
    );
    expect(flat[0]?.Placement?.AvailabilityZone).toBe('ap-northeast-1a');
    const one = await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: [seed.instances[1].id] }));
    expect(one.Reservations?.[0]?.Instances?.[0]?.PrivateIpAddress).toBe(seed.instances[1].privateIp);
  });

  it('keeps the instances group closed to the world: only itself as a source', async () => {
    const out = await t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [seed.instanceSecurityGroup.id] }));
    const ingress = out.SecurityGroups?.[0]?.IpPermissions ?? [];
    expect(ingress.flatMap((p) => p.IpRanges ?? [])).toEqual([]);
    expect(ingress.flatMap((p) => p.UserIdGroupPairs ?? []).map((p) => p.GroupId)).toEqual([
      seed.instanceSecurityGroup.id,
    ]);
  });

  it('creates, filters by tag and name, and deletes security groups; missing ones are InvalidGroup.NotFound', async () => {
    const id = await newGroup('filter-me', { 'ecs-alb-wizard:stack': 'demo' });
    const byTag = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:ecs-alb-wizard:stack', Values: ['demo'] }] }),
    );
    expect(byTag.SecurityGroups?.map((g) => g.GroupId)).toEqual([id]);
    const byKey = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag-key', Values: ['ecs-alb-wizard:*'] }] }),
    );
    expect(byKey.SecurityGroups?.map((g) => g.GroupId)).toEqual([id]);
    const byName = await t.ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'group-name', Values: ['filter-me'] },
          { Name: 'vpc-id', Values: [seed.vpcId] },
        ],
      }),
    );
    expect(byName.SecurityGroups?.[0]?.IpPermissionsEgress?.[0]?.IpRanges?.[0]?.CidrIp).toBe('0.0.0.0/0');
    await expect(newGroup('filter-me')).rejects.toMatchObject({ name: 'InvalidGroup.Duplicate' });
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
    await expect(t.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }))).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    await expect(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }))).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
    });
    await expect(
      t.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'no-such-filter', Values: ['x'] }] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('paginates DescribeSecurityGroups with NextToken', async () => {
    const ids = await Promise.all(
      ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((n) => newGroup(`page-${n}`, { page: 'yes' })),
    );
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeSecurityGroups(
      { client: t.ec2, pageSize: 5 },
      { Filters: [{ Name: 'tag:page', Values: ['yes'] }] },
    )) {
      pages += 1;
      seen.push(...(page.SecurityGroups ?? []).map((g) => g.GroupId ?? ''));
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual([...ids].sort());
    for (const id of ids) await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
  });

  it('authorizes a source-group rule with sgr- ids and tags, refuses a duplicate, revokes by permission and by id', async () => {
    const alb = await newGroup('rules-alb');
    const permission = { IpProtocol: 'tcp', FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: alb }] };
    const added = await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: seed.instanceSecurityGroup.id,
        IpPermissions: [permission],
        TagSpecifications: [
          { ResourceType: 'security-group-rule', Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }] },
        ],
      }),
    );
    const rule = added.SecurityGroupRules?.[0];
    expect(rule?.SecurityGroupRuleId).toMatch(/^sgr-[0-9a-f]{17}$/);
    expect(rule?.ReferencedGroupInfo?.GroupId).toBe(alb);
    expect(rule?.Tags).toEqual([{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }]);
    await expect(
      t.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: seed.instanceSecurityGroup.id,
          IpPermissions: [permission],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidPermission.Duplicate',
    });
    const referencing = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'ip-permission.group-id', Values: [alb] }] }),
    );
    expect(referencing.SecurityGroups?.map((g) => g.GroupId)).toEqual([seed.instanceSecurityGroup.id]);
    const rules = await t.ec2.send(
      new DescribeSecurityGroupRulesCommand({
        Filters: [{ Name: 'group-id', Values: [seed.instanceSecurityGroup.id] }],
      }),
    );
    expect(
      rules.SecurityGroupRules?.some(
        (r) => r.SecurityGroupRuleId === rule?.SecurityGroupRuleId && r.FromPort === 32768,
      ),
    ).toBe(true);

    // A group another group's rule references cannot be deleted
    await expect(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: alb }))).rejects.toMatchObject({
      name: 'DependencyViolation',
    });

    await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: seed.instanceSecurityGroup.id, IpPermissions: [permission] }),
    );
    // Revoking it again: in a default VPC, no error; the permission comes back as unknown
    const again = await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({ GroupId: seed.instanceSecurityGroup.id, IpPermissions: [permission] }),
    );
    expect(again.UnknownIpPermissions).toHaveLength(1);
    const cidr = await t.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: alb,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: alb,
        SecurityGroupRuleIds: [cidr.SecurityGroupRules?.[0]?.SecurityGroupRuleId ?? ''],
      }),
    );
    await expect(
      t.ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: alb, SecurityGroupRuleIds: ['sgr-0000000000000000f'] }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidSecurityGroupRuleId.NotFound',
    });
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: alb }));
  });

  it('refuses to delete a group a load balancer uses, then while its network interfaces linger', async () => {
    const alb = await newGroup('eni-alb');
    const lb = await t.elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'eni-alb',
        Subnets: seed.subnets.map((s) => s.id).slice(0, 2),
        SecurityGroups: [alb],
      }),
    );
    await expect(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: alb }))).rejects.toMatchObject({
      name: 'DependencyViolation',
    });

    // The ALB's interfaces: one per subnet, requester amazon-elb, described "ELB app/<name>/<id>"
    const enis = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [alb] }] }),
    );
    expect(enis.NetworkInterfaces).toHaveLength(2);
    expect(
      enis.NetworkInterfaces?.every(
        (e) => e.RequesterId === 'amazon-elb' && /^ELB app\/eni-alb\/[0-9a-f]{16}$/.test(e.Description ?? ''),
      ),
    ).toBe(true);
    const byDescription = await t.ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'description', Values: ['ELB app/eni-alb/*'] },
          { Name: 'requester-id', Values: ['amazon-elb'] },
        ],
      }),
    );
    expect(byDescription.NetworkInterfaces).toHaveLength(2);

    await t.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancers?.[0]?.LoadBalancerArn }));
    // Right after deletion the interfaces still hold the group…
    await expect(t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: alb }))).rejects.toMatchObject({
      name: 'DependencyViolation',
      message: `resource ${alb} has a dependent object`,
    });
    // …until they are gone (~60 s AWS), then it can be deleted
    await waitFor(
      'the interfaces gone',
      async () =>
        (await t.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'group-id', Values: [alb] }] })))
          .NetworkInterfaces?.length === 0,
    );
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: alb }));
  });

  it('tags resources with CreateTags', async () => {
    const id = await newGroup('tag-later');
    await t.ec2.send(new CreateTagsCommand({ Resources: [id], Tags: [{ Key: 'Name', Value: 'later' }] }));
    const out = await t.ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'tag:Name', Values: ['later'] }] }),
    );
    expect(out.SecurityGroups?.map((g) => g.GroupId)).toEqual([id]);
    await t.ec2.send(new DeleteSecurityGroupCommand({ GroupId: id }));
  });
});
