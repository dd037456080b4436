import type { DescribeNetworkInterfacesRequest, DescribeNetworkInterfacesResult } from '@aws-sdk/client-ec2';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { Eni } from '../world.js';
import { groupRefs, requireIds } from './describe.js';
import { applyFilters } from './filters.js';

/** Network interfaces still present (lingering ones until their time is up). */
export function liveEnis(rt: Runtime): Eni[] {
  const now = Date.now();
  return rt.world.ec2.enis.filter((eni) => eni.goneAt === undefined || eni.goneAt > now);
}

/** EC2 DescribeNetworkInterfaces (filters group-id, description, requester-id, vpc-id, ...). */
export function describeNetworkInterfaces(
  rt: Runtime,
  input: DescribeNetworkInterfacesRequest,
): DescribeNetworkInterfacesResult {
  let enis = liveEnis(rt);
  requireIds(
    'networkInterface',
    'InvalidNetworkInterfaceID.NotFound',
    input.NetworkInterfaceIds,
    enis.map((e) => e.id),
  );
  if (input.NetworkInterfaceIds?.length) enis = enis.filter((e) => input.NetworkInterfaceIds?.includes(e.id));
  enis = applyFilters(enis, input.Filters, {
    'group-id': (e) => e.securityGroupIds,
    description: (e) => [e.description],
    'requester-id': (e) => [e.requesterId],
    'vpc-id': (e) => [e.vpcId],
    'subnet-id': (e) => [e.subnetId],
    'network-interface-id': (e) => [e.id],
    'attachment.instance-id': (e) => [e.instanceId],
    status: () => ['in-use'],
  });
  const { page, next } = paginate(enis, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return {
    NetworkInterfaces: page.map((e) => ({
      NetworkInterfaceId: e.id,
      SubnetId: e.subnetId,
      VpcId: e.vpcId,
      AvailabilityZone: e.az,
      Description: e.description,
      Groups: groupRefs(rt, e.securityGroupIds),
      InterfaceType: e.requesterId === 'amazon-elb' ? 'interface' : 'interface',
      PrivateIpAddress: e.privateIp,
      RequesterId: e.requesterId,
      RequesterManaged: e.requesterId !== undefined,
      Status: 'in-use',
      OwnerId: rt.accountId,
      Attachment: {
        InstanceId: e.instanceId,
        Status: 'attached',
        InstanceOwnerId: e.instanceId ? rt.accountId : 'amazon-elb',
      },
    })),
    NextToken: next,
  };
}
