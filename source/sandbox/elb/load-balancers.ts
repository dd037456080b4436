import type {
  CreateLoadBalancerInput,
  DeleteLoadBalancerInput,
  DescribeLoadBalancersInput,
  LoadBalancer as SdkLoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import { laterAt } from '../deadline.js';
import { digits, ec2Id, hex } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { Eni, LoadBalancer, Subnet } from '../world.js';
import { findLb, lbState } from './lookup.js';
import { validateLbName } from './validate.js';

/** How long AWS takes to provision an ALB, and how long its interfaces outlive it (AWS ms). */
export const PROVISIONING_MS = 150_000;
export const ENI_LINGER_MS = 60_000;
/** The Route 53 zone of ALBs in ap-northeast-1. */
const HOSTED_ZONE = 'Z14GRHDCWA56QT';

function toSdk(lb: LoadBalancer, subnets: Subnet[]): SdkLoadBalancer {
  return {
    LoadBalancerArn: lb.arn,
    DNSName: lb.dnsName,
    CanonicalHostedZoneId: HOSTED_ZONE,
    CreatedTime: new Date(lb.createdTime),
    LoadBalancerName: lb.name,
    Scheme: lb.scheme,
    VpcId: lb.vpcId,
    State: { Code: lbState(lb) },
    Type: 'application',
    AvailabilityZones: lb.subnetIds.map((id) => ({
      SubnetId: id,
      ZoneName: subnets.find((s) => s.id === id)?.az,
      LoadBalancerAddresses: [],
    })),
    SecurityGroups: lb.securityGroupIds,
    IpAddressType: lb.ipAddressType as SdkLoadBalancer['IpAddressType'],
  };
}

function ipIn(cidr: string): string {
  const [base = '10.0.0.0'] = cidr.split('/');
  const parts = base.split('.').map(Number);
  return `${parts[0]}.${parts[1]}.${(parts[2] ?? 0) + Math.floor(Math.random() * 15)}.${10 + Math.floor(Math.random() * 240)}`;
}

function subnetsOf(rt: Runtime, input: CreateLoadBalancerInput): Subnet[] {
  const ids = [...(input.Subnets ?? []), ...(input.SubnetMappings ?? []).map((m) => m.SubnetId ?? '')];
  const subnets = ids.map((id) => {
    const subnet = rt.world.ec2.subnets.find((s) => s.id === id);
    if (!subnet) throw new SandboxError('SubnetNotFound', `The subnet ID '${id}' is not valid`);
    return subnet;
  });
  const azs = new Set(subnets.map((s) => s.az));
  if (azs.size < subnets.length)
    throw new SandboxError(
      'InvalidConfigurationRequest',
      'A load balancer cannot be attached to multiple subnets in the same Availability Zone',
    );
  if (azs.size < 2)
    throw new SandboxError(
      'ValidationError',
      'At least two subnets in two different Availability Zones must be specified',
    );
  if (new Set(subnets.map((s) => s.vpcId)).size > 1)
    throw new SandboxError('InvalidConfigurationRequest', 'The subnets must all be in the same VPC');
  return subnets;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * ELBv2 CreateLoadBalancer (application only). Idempotent by name with the same settings; starts
 * `provisioning`, becomes `active` after ~150 s AWS; one `amazon-elb` interface per subnet.
 */
export function createLoadBalancer(rt: Runtime, input: CreateLoadBalancerInput) {
  const name = validateLbName(input.Name);
  if (input.Type && input.Type !== 'application')
    throw new SandboxError(
      'ValidationError',
      `Load balancer type '${input.Type}' is not supported by the sandbox: use 'application'`,
    );
  const subnets = subnetsOf(rt, input);
  const vpcId = subnets[0]?.vpcId ?? '';
  const groups = input.SecurityGroups?.length
    ? input.SecurityGroups
    : rt.world.ec2.securityGroups.filter((g) => g.vpcId === vpcId && g.name === 'default').map((g) => g.id);
  for (const id of groups) {
    if (!rt.world.ec2.securityGroups.some((g) => g.id === id && g.vpcId === vpcId))
      throw new SandboxError('InvalidSecurityGroup', `Security group '${id}' does not exist`);
  }
  const scheme = input.Scheme ?? 'internet-facing';
  const existing = rt.world.elb.loadBalancers.find((l) => l.name === name);
  if (existing) {
    if (
      existing.scheme === scheme &&
      sameSet(
        existing.subnetIds,
        subnets.map((s) => s.id),
      ) &&
      sameSet(existing.securityGroupIds, groups)
    ) {
      return { LoadBalancers: [toSdk(existing, rt.world.ec2.subnets)] };
    }
    throw new SandboxError(
      'DuplicateLoadBalancerName',
      `A load balancer with the same name '${name}' exists, but with different settings`,
    );
  }
  const id = hex(16);
  const lb: LoadBalancer = {
    arn: `arn:aws:elasticloadbalancing:${rt.region}:${rt.accountId}:loadbalancer/app/${name}/${id}`,
    name,
    dnsName:
      `${scheme === 'internal' ? 'internal-' : ''}${name}-${digits(10)}.${rt.region}.elb.localhost`.toLowerCase(),
    scheme,
    ipAddressType: input.IpAddressType ?? 'ipv4',
    vpcId,
    subnetIds: subnets.map((s) => s.id),
    securityGroupIds: [...groups],
    createdTime: new Date().toISOString(),
    activeAt: Date.now() + rt.clock.real(PROVISIONING_MS),
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
  };
  rt.world.elb.loadBalancers.push(lb);
  rt.world.ec2.enis.push(
    ...subnets.map((s): Eni => ({
      id: ec2Id('eni'),
      subnetId: s.id,
      vpcId,
      az: s.az,
      privateIp: ipIn(s.cidr),
      description: `ELB app/${name}/${id}`,
      requesterId: 'amazon-elb',
      securityGroupIds: [...groups],
    })),
  );
  rt.changed();
  laterAt(rt, lb.activeAt, () => {
    rt.changed();
    rt.kick();
  });
  return { LoadBalancers: [toSdk(lb, rt.world.ec2.subnets)] };
}

/** ELBv2 DescribeLoadBalancers by ARNs or names, paginated with Marker/PageSize. */
export function describeLoadBalancers(rt: Runtime, input: DescribeLoadBalancersInput) {
  let lbs = rt.world.elb.loadBalancers;
  if (input.LoadBalancerArns?.length) {
    if (input.LoadBalancerArns.some((arn) => !lbs.some((l) => l.arn === arn))) findLb(rt, 'missing');
    lbs = lbs.filter((l) => input.LoadBalancerArns?.includes(l.arn));
  }
  if (input.Names?.length) {
    const missing = input.Names.filter((n) => !lbs.some((l) => l.name === n));
    if (missing.length > 0)
      throw new SandboxError('LoadBalancerNotFound', `Load balancers '[${missing.join(', ')}]' not found`);
    lbs = lbs.filter((l) => input.Names?.includes(l.name));
  }
  const { page, next } = paginate(lbs, input.Marker, input.PageSize, { min: 1, max: 400 });
  return { LoadBalancers: page.map((l) => toSdk(l, rt.world.ec2.subnets)), NextMarker: next };
}

/**
 * ELBv2 DeleteLoadBalancer: its listeners and rules go with it; its network interfaces linger
 * ~60 s AWS (so its security group cannot be deleted yet). Deleting a missing one succeeds, as on AWS.
 */
export function deleteLoadBalancer(rt: Runtime, input: DeleteLoadBalancerInput) {
  const lb = rt.world.elb.loadBalancers.find((l) => l.arn === input.LoadBalancerArn);
  if (!lb) return {};
  const { elb } = rt.world;
  const listenerArns = elb.listeners.filter((l) => l.loadBalancerArn === lb.arn).map((l) => l.arn);
  elb.rules = elb.rules.filter((r) => !listenerArns.includes(r.listenerArn));
  elb.listeners = elb.listeners.filter((l) => l.loadBalancerArn !== lb.arn);
  elb.loadBalancers = elb.loadBalancers.filter((l) => l !== lb);
  const goneAt = Date.now() + rt.clock.real(ENI_LINGER_MS);
  const marker = `ELB app/${lb.name}/${lb.arn.split('/').pop() ?? ''}`;
  for (const eni of rt.world.ec2.enis) if (eni.description === marker) eni.goneAt = goneAt;
  laterAt(rt, goneAt, () => {
    rt.world.ec2.enis = rt.world.ec2.enis.filter((e) => e.goneAt === undefined || e.goneAt > Date.now());
    rt.changed();
  });
  rt.changed();
  rt.kick();
  return {};
}
