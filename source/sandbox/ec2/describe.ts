import type {
  CreateTagsRequest,
  DescribeSubnetsRequest,
  DescribeSubnetsResult,
  DescribeVpcsRequest,
  DescribeVpcsResult,
} from '@aws-sdk/client-ec2';
import { SandboxError } from '../contracts.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { Tag } from '../world.js';
import { applyFilters } from './filters.js';

/** EC2's `<Kind>ID.NotFound` when an asked-for id does not exist. */
export function requireIds(kind: string, code: string, wanted: string[] | undefined, have: string[]): void {
  const missing = (wanted ?? []).filter((id) => !have.includes(id));
  if (missing.length > 0) throw new SandboxError(code, `The ${kind} ID '${missing.join("', '")}' does not exist`);
}

/** EC2 DescribeVpcs. */
export function describeVpcs(rt: Runtime, input: DescribeVpcsRequest): DescribeVpcsResult {
  requireIds(
    'vpc',
    'InvalidVpcID.NotFound',
    input.VpcIds,
    rt.world.ec2.vpcs.map((v) => v.id),
  );
  let vpcs = rt.world.ec2.vpcs.filter((v) => !input.VpcIds?.length || input.VpcIds.includes(v.id));
  vpcs = applyFilters(
    vpcs,
    input.Filters,
    {
      'vpc-id': (v) => [v.id],
      'is-default': (v) => [String(v.isDefault)],
      'cidr-block': (v) => [v.cidr],
      state: () => ['available'],
    },
    (v) => v.tags,
  );
  const { page, next } = paginate(vpcs, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return {
    Vpcs: page.map((v) => ({
      VpcId: v.id,
      CidrBlock: v.cidr,
      IsDefault: v.isDefault,
      State: 'available',
      OwnerId: rt.accountId,
      InstanceTenancy: 'default',
      DhcpOptionsId: 'dopt-0abc0000000000001',
      Tags: v.tags,
    })),
    NextToken: next,
  };
}

/** EC2 DescribeSubnets: the default VPC's public subnets, one per AZ. */
export function describeSubnets(rt: Runtime, input: DescribeSubnetsRequest): DescribeSubnetsResult {
  requireIds(
    'subnet',
    'InvalidSubnetID.NotFound',
    input.SubnetIds,
    rt.world.ec2.subnets.map((s) => s.id),
  );
  let subnets = rt.world.ec2.subnets.filter((s) => !input.SubnetIds?.length || input.SubnetIds.includes(s.id));
  subnets = applyFilters(
    subnets,
    input.Filters,
    {
      'subnet-id': (s) => [s.id],
      'vpc-id': (s) => [s.vpcId],
      'availability-zone': (s) => [s.az],
      'default-for-az': () => ['true'],
      'map-public-ip-on-launch': (s) => [String(s.mapPublicIp !== false)],
      state: () => ['available'],
    },
    (s) => s.tags,
  );
  const { page, next } = paginate(subnets, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return {
    Subnets: page.map((s) => ({
      SubnetId: s.id,
      VpcId: s.vpcId,
      AvailabilityZone: s.az,
      AvailabilityZoneId: `apne1-az${s.az.slice(-1) === 'a' ? 4 : s.az.slice(-1) === 'c' ? 1 : 2}`,
      CidrBlock: s.cidr,
      MapPublicIpOnLaunch: s.mapPublicIp !== false,
      DefaultForAz: true,
      State: 'available',
      AvailableIpAddressCount: 4091,
      OwnerId: rt.accountId,
      SubnetArn: `arn:aws:ec2:${rt.region}:${rt.accountId}:subnet/${s.id}`,
      Tags: s.tags,
    })),
    NextToken: next,
  };
}

/** `{ GroupId, GroupName }` pairs for group ids. */
export function groupRefs(rt: Runtime, ids: string[]) {
  return ids.map((id) => ({ GroupId: id, GroupName: rt.world.ec2.securityGroups.find((g) => g.id === id)?.name }));
}

/** EC2 CreateTags on VPCs, subnets, security groups and rules; tags with an existing key are replaced. */
export function createTags(rt: Runtime, input: CreateTagsRequest): { Return?: boolean } {
  const { ec2 } = rt.world;
  const holders: { id: string; tags: Tag[] }[] = [
    ...ec2.vpcs,
    ...ec2.subnets,
    ...ec2.securityGroups,
    ...ec2.rules,
    ...ec2.routeTables,
    ...ec2.internetGateways,
    ...ec2.launchTemplates,
  ];
  const launched = ec2.instances.flatMap((i) => (i.launched ? [{ id: i.id, launched: i.launched }] : []));
  for (const id of input.Resources ?? []) {
    const instance = launched.find((i) => i.id === id);
    if (instance) {
      for (const tag of input.Tags ?? [])
        instance.launched.tags = [
          ...instance.launched.tags.filter((t) => t.Key !== tag.Key),
          { Key: tag.Key ?? '', Value: tag.Value ?? '' },
        ];
      continue;
    }
    const holder = holders.find((h) => h.id === id);
    if (!holder) throw new SandboxError('InvalidID', `The ID '${id}' is not valid`);
    for (const tag of input.Tags ?? []) {
      holder.tags = [...holder.tags.filter((t) => t.Key !== tag.Key), { Key: tag.Key ?? '', Value: tag.Value ?? '' }];
    }
  }
  rt.changed();
  return {};
}
