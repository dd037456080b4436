import { DescribeNetworkInterfacesCommand, type EC2Client, type NetworkInterface } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import {
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Topology } from '../../verify/types.js';
import { fixedHostnames } from './fixed-hostnames.js';

/** Where each load balancer address sits: its subnet and Availability Zone. */
export type NodeZones = Map<string, { zone?: string; subnetId?: string }>;

/** What a stack's verification knows of its load balancer beyond the URL; see `fetchStackTopology`. */
export type StackTopology = {
  topology: Topology;
  /**
   * With slow start on, seconds after a task starts until the load balancer routes it its full
   * share at the latest (health checks to pass, then the ramp); 0 with slow start off.
   */
  rampSeconds: number;
  zones: NodeZones;
  /** Parts that could not be read (e.g. a permission missing), each with what to grant; the rest is still used. */
  unread: string[];
};

/** `ELB app/demo-alb/50dc6c495c0c9188`: how an ALB describes its network interfaces, from its ARN. */
export function eniDescription(loadBalancerArn: string): string {
  const match = /:loadbalancer\/(app\/[^/]+\/[^/]+)$/.exec(loadBalancerArn);
  return `ELB ${match?.[1] ?? loadBalancerArn}`;
}

/** Every address of an interface: private, public (internet-facing ALBs resolve to these) and IPv6. */
export function addressesOf(eni: NetworkInterface): string[] {
  const own = [eni.PrivateIpAddress, eni.Association?.PublicIp];
  const secondary = (eni.PrivateIpAddresses ?? []).flatMap((p) => [p.PrivateIpAddress, p.Association?.PublicIp]);
  const v6 = (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address);
  return [...new Set([...own, ...secondary, ...v6].filter((a): a is string => Boolean(a)))];
}

const flag = (value: string | undefined): boolean | undefined =>
  value === 'true' ? true : value === 'false' ? false : undefined;

/**
 * The spread-relevant target group attributes. For an ALB, cross-zone is always on at the load
 * balancer, so `use_load_balancer_configuration` means on; only the target group's `false` turns it off.
 */
export function topologyOf(attributes: ReadonlyMap<string, string>, targetGroup: string): Topology {
  const crossZone = attributes.get('load_balancing.cross_zone.enabled');
  const stickiness = flag(attributes.get('stickiness.enabled'));
  const duration = Number(attributes.get('stickiness.lb_cookie.duration_seconds'));
  const algorithm = attributes.get('load_balancing.algorithm.type');
  const slowStart = Number(attributes.get('slow_start.duration_seconds') ?? 0);
  return {
    targetGroup,
    ...(crossZone !== undefined ? { crossZone: crossZone !== 'false' } : {}),
    ...(stickiness !== undefined
      ? {
          stickiness: {
            enabled: stickiness,
            type: attributes.get('stickiness.type') ?? 'lb_cookie',
            ...(Number.isFinite(duration) && duration > 0 ? { durationSeconds: duration } : {}),
          },
        }
      : {}),
    ...(algorithm ? { algorithm } : {}),
    ...(attributes.get('load_balancing.algorithm.anomaly_mitigation') === 'on' ? { anomalyMitigation: true } : {}),
    ...(Number.isFinite(slowStart) && slowStart > 0 ? { slowStartSeconds: slowStart } : {}),
  };
}

export type TopologyQuery = {
  cluster: string;
  service: string;
  targetGroupArn: string;
  loadBalancerArn: string;
};

type Clients = { ecs: ECSClient; elbv2: ElasticLoadBalancingV2Client; ec2: EC2Client };

/** Runs one optional read; on failure notes what could not be read and why, and goes on without it. */
async function optional<T>(unread: string[], what: string, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    const message = error instanceof Error ? error.message : String(error);
    unread.push(`${what} (${name}: ${message})`);
    return undefined;
  }
}

/**
 * Reads what lets a FAIL name its cause (DESIGN §6): the target group's attributes (cross-zone,
 * stickiness, algorithm, slow start) and health check timing (DescribeTargetGroupAttributes,
 * DescribeTargetGroups); the load balancer's network interfaces, described `ELB app/<name>/<id>`,
 * which map each node address to its subnet and AZ (DescribeNetworkInterfaces); and a container
 * hostname fixed by the service's task definitions (DescribeServices, DescribeTaskDefinition).
 * Each part is optional: one that cannot be read is listed in `unread` and left out.
 */
export async function fetchStackTopology(
  clients: Clients,
  query: TopologyQuery,
  signal?: AbortSignal,
): Promise<StackTopology> {
  const unread: string[] = [];
  const send = { abortSignal: signal };
  const attributes = await optional(
    unread,
    'target group attributes (elasticloadbalancing:DescribeTargetGroupAttributes)',
    async () => {
      const out = await clients.elbv2.send(
        new DescribeTargetGroupAttributesCommand({ TargetGroupArn: query.targetGroupArn }),
        send,
      );
      return new Map((out?.Attributes ?? []).map((a) => [a.Key ?? '', a.Value ?? '']));
    },
  );
  const group = await optional(
    unread,
    'target group health check (elasticloadbalancing:DescribeTargetGroups)',
    async () => {
      const out = await clients.elbv2.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [query.targetGroupArn] }),
        send,
      );
      return out?.TargetGroups?.[0];
    },
  );
  const zones: NodeZones = new Map();
  await optional(unread, 'load balancer node zones (ec2:DescribeNetworkInterfaces)', async () => {
    let NextToken: string | undefined;
    do {
      const filter = { Name: 'description', Values: [eniDescription(query.loadBalancerArn)] };
      const page = await clients.ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [filter], NextToken }), send);
      for (const eni of page?.NetworkInterfaces ?? [])
        for (const address of addressesOf(eni))
          zones.set(address, { zone: eni.AvailabilityZone, subnetId: eni.SubnetId });
      NextToken = page?.NextToken;
    } while (NextToken);
  });
  const otherIds = await optional(
    unread,
    'task definition hostnames (ecs:DescribeServices, ecs:DescribeTaskDefinition)',
    () => fixedHostnames(clients.ecs, query, signal),
  );
  const topology: Topology = {
    ...(attributes ? topologyOf(attributes, query.targetGroupArn) : { targetGroup: query.targetGroupArn }),
    ...(otherIds && otherIds.length > 0 ? { otherIds } : {}),
    fixes: {
      'cross-zone-off': `or keep as many tasks in each AZ: run a multiple of the number of AZs, placed over AZs first: aws ecs update-service --cluster ${query.cluster} --service ${query.service} --placement-strategy type=spread,field=attribute:ecs.availability-zone type=spread,field=instanceId`,
    },
  };
  const slowStart = topology.slowStartSeconds ?? 0;
  const checks = (group?.HealthCheckIntervalSeconds ?? 30) * (group?.HealthyThresholdCount ?? 5);
  return { topology, rampSeconds: slowStart > 0 ? checks + slowStart : 0, zones, unread };
}
