import { DescribeRouteTablesCommand, DescribeSubnetsCommand, type RouteTable } from '@aws-sdk/client-ec2';
import type { StepDeps } from './types.js';

/** How a subnet's instances reach the internet (to pull images and reach ECS), or why they cannot. */
export type SubnetReach =
  | { subnetId: string; via: 'internet-gateway' | 'nat-gateway'; routeTableId: string }
  | { subnetId: string; via: 'none'; routeTableId?: string; why: string };

function defaultRoute(table: RouteTable) {
  return (table.Routes ?? []).find(
    (r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.State !== 'blackhole' && (r.GatewayId || r.NatGatewayId),
  );
}

/**
 * The route table that governs a subnet: its explicit association, else its VPC's main table
 * (what EC2 itself applies).
 */
function governing(tables: readonly RouteTable[], subnetId: string, vpcId: string): RouteTable | undefined {
  const explicit = tables.find((t) => (t.Associations ?? []).some((a) => a.SubnetId === subnetId));
  return explicit ?? tables.find((t) => t.VpcId === vpcId && (t.Associations ?? []).some((a) => a.Main));
}

/**
 * Whether each subnet's instances can reach the internet: a 0.0.0.0/0 route to an internet gateway
 * with public IPs on launch, or to a NAT gateway. The ECS agent must reach the ECS endpoint and the
 * image registry, or the instances boot and never register.
 */
export async function subnetReach(deps: StepDeps, vpcId: string, subnetIds: readonly string[]): Promise<SubnetReach[]> {
  const subnets = await deps.clients.ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...subnetIds] }), {
    abortSignal: deps.signal,
  });
  const tables = await deps.clients.ec2.send(
    new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    { abortSignal: deps.signal },
  );
  return subnetIds.map((subnetId): SubnetReach => {
    const subnet = subnets.Subnets?.find((s) => s.SubnetId === subnetId);
    const table = governing(tables.RouteTables ?? [], subnetId, vpcId);
    if (!table) return { subnetId, via: 'none', why: 'no route table applies to it' };
    const tableId = table.RouteTableId ?? 'its route table';
    const route = defaultRoute(table);
    if (route?.NatGatewayId) return { subnetId, via: 'nat-gateway', routeTableId: tableId };
    if (route?.GatewayId?.startsWith('igw-')) {
      if (subnet?.MapPublicIpOnLaunch) return { subnetId, via: 'internet-gateway', routeTableId: tableId };
      return {
        subnetId,
        via: 'none',
        routeTableId: tableId,
        why: `${tableId} routes 0.0.0.0/0 to ${route.GatewayId} but the subnet gives no public IP on launch (MapPublicIpOnLaunch is false)`,
      };
    }
    return {
      subnetId,
      via: 'none',
      routeTableId: tableId,
      why: `${tableId} has no 0.0.0.0/0 route to an internet gateway or a NAT gateway`,
    };
  });
}

/** One line naming each subnet that cannot reach the internet and what to do, or undefined when all can. */
export function unreachableProblem(reach: readonly SubnetReach[]): string | undefined {
  const bad = reach.filter((r): r is Extract<SubnetReach, { via: 'none' }> => r.via === 'none');
  if (bad.length === 0) return undefined;
  return `the instances could not reach ECS or pull images from ${bad.map((b) => `${b.subnetId} (${b.why})`).join('; ')}: pick public subnets with --subnets, turn on auto-assign public IPv4 (aws ec2 modify-subnet-attribute --map-public-ip-on-launch), or add a NAT gateway route`;
}
