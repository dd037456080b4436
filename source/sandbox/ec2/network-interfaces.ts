import type { DescribeNetworkInterfacesRequest, DescribeNetworkInterfacesResult } from '@aws-sdk/client-ec2';
import { eniDescription, nodeAddress } from '../elb/nodes.js';
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

/**
 * The public address of an internet-facing load balancer's interface: its node's loopback address,
 * which the sandbox's DNS answers for the load balancer's name, as AWS DNS answers with these.
 */
function publicIp(rt: Runtime, eni: Eni): string | undefined {
  if (eni.requesterId !== 'amazon-elb') return undefined;
  const lb = rt.world.elb.loadBalancers.find((l) => eniDescription(l) === eni.description);
  return lb?.scheme === 'internet-facing' ? nodeAddress(eni.privateIp) : undefined;
}

/**
 * EC2 DescribeNetworkInterfaces (filters group-id, description, requester-id, vpc-id,
 * availability-zone, association.public-ip, ...). A load balancer's interfaces (description
 * `ELB app/<name>/<id>`, one per subnet) tell each node's address, subnet and AZ.
 */
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
    'availability-zone': (e) => [e.az],
    'private-ip-address': (e) => [e.privateIp],
    'addresses.private-ip-address': (e) => [e.privateIp],
    'association.public-ip': (e) => [publicIp(rt, e)],
    'requester-managed': (e) => [String(e.requesterId !== undefined)],
    'interface-type': () => ['interface'],
    'network-interface-id': (e) => [e.id],
    'attachment.instance-id': (e) => [e.instanceId],
    status: () => ['in-use'],
  });
  const { page, next } = paginate(enis, input.NextToken, input.MaxResults, { min: 5, max: 1000 });
  return {
    NetworkInterfaces: page.map((e) => {
      const ip = publicIp(rt, e);
      const association = ip ? { PublicIp: ip, IpOwnerId: 'amazon', PublicDnsName: '' } : undefined;
      return {
        NetworkInterfaceId: e.id,
        SubnetId: e.subnetId,
        VpcId: e.vpcId,
        AvailabilityZone: e.az,
        Description: e.description,
        Groups: groupRefs(rt, e.securityGroupIds),
        InterfaceType: 'interface' as const,
        PrivateIpAddress: e.privateIp,
        PrivateIpAddresses: [
          { Primary: true, PrivateIpAddress: e.privateIp, ...(association ? { Association: association } : {}) },
        ],
        ...(association ? { Association: association } : {}),
        RequesterId: e.requesterId,
        RequesterManaged: e.requesterId !== undefined,
        Status: 'in-use',
        OwnerId: rt.accountId,
        Attachment: {
          InstanceId: e.instanceId,
          Status: 'attached',
          InstanceOwnerId: e.instanceId ? rt.accountId : 'amazon-elb',
        },
      };
    }),
    NextToken: next,
  };
}
