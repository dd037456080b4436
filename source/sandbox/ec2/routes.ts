import type {
  AssociateRouteTableRequest,
  CreateRouteRequest,
  CreateRouteTableRequest,
  DeleteRouteRequest,
  DescribeInternetGatewaysRequest,
  DescribeNatGatewaysRequest,
  DescribeRouteTablesRequest,
  ModifySubnetAttributeRequest,
} from '@aws-sdk/client-ec2';
import { SandboxError } from '../contracts.js';
import { ec2Id } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { RouteTable } from '../world.js';
import { requireIds } from './describe.js';
import { applyFilters, tagsFor } from './filters.js';

function findTable(rt: Runtime, id: string | undefined): RouteTable {
  const table = rt.world.ec2.routeTables.find((t) => t.id === id);
  if (!table) throw new SandboxError('InvalidRouteTableID.NotFound', `The routeTable ID '${id ?? ''}' does not exist`);
  return table;
}

function renderTable(rt: Runtime, t: RouteTable) {
  return {
    RouteTableId: t.id,
    VpcId: t.vpcId,
    OwnerId: rt.accountId,
    Routes: t.routes.map((r) => ({
      DestinationCidrBlock: r.destination,
      GatewayId: r.gatewayId,
      NatGatewayId: r.natGatewayId,
      State: 'active' as const,
      Origin: r.gatewayId === 'local' ? ('CreateRouteTable' as const) : ('CreateRoute' as const),
    })),
    Associations: [
      ...(t.main
        ? [
            {
              Main: true,
              RouteTableAssociationId: `rtbassoc-${t.id.slice(4)}`,
              RouteTableId: t.id,
              AssociationState: { State: 'associated' as const },
            },
          ]
        : []),
      ...t.associations.map((a) => ({
        Main: false,
        RouteTableAssociationId: a.id,
        RouteTableId: t.id,
        SubnetId: a.subnetId,
        AssociationState: { State: 'associated' as const },
      })),
    ],
    PropagatingVgws: [],
    Tags: t.tags,
  };
}

/** EC2 DescribeRouteTables (filters vpc-id, association.subnet-id, association.main, route-table-id, tag:KEY). */
export function describeRouteTables(rt: Runtime, input: DescribeRouteTablesRequest) {
  const all = rt.world.ec2.routeTables;
  requireIds(
    'routeTable',
    'InvalidRouteTableID.NotFound',
    input.RouteTableIds,
    all.map((t) => t.id),
  );
  let found = all.filter((t) => !input.RouteTableIds?.length || input.RouteTableIds.includes(t.id));
  found = applyFilters(
    found,
    input.Filters,
    {
      'vpc-id': (t) => [t.vpcId],
      'route-table-id': (t) => [t.id],
      'association.subnet-id': (t) => t.associations.map((a) => a.subnetId),
      'association.main': (t) => [String(t.main)],
      'route.destination-cidr-block': (t) => t.routes.map((r) => r.destination),
      'route.gateway-id': (t) => t.routes.map((r) => r.gatewayId),
      'route.nat-gateway-id': (t) => t.routes.map((r) => r.natGatewayId),
    },
    (t) => t.tags,
  );
  const { page, next } = paginate(found, input.NextToken, input.MaxResults, { min: 5, max: 100 });
  return { RouteTables: page.map((t) => renderTable(rt, t)), NextToken: next };
}

/** EC2 CreateRouteTable: a non-main table with only the VPC's local route. */
export function createRouteTable(rt: Runtime, input: CreateRouteTableRequest) {
  const vpc = rt.world.ec2.vpcs.find((v) => v.id === input.VpcId);
  if (!vpc) throw new SandboxError('InvalidVpcID.NotFound', `The vpc ID '${input.VpcId ?? ''}' does not exist`);
  const table: RouteTable = {
    id: ec2Id('rtb'),
    vpcId: vpc.id,
    main: false,
    routes: [{ destination: vpc.cidr, gatewayId: 'local' }],
    associations: [],
    tags: tagsFor(input.TagSpecifications, 'route-table'),
  };
  rt.world.ec2.routeTables.push(table);
  rt.changed();
  return { RouteTable: renderTable(rt, table) };
}

/** EC2 AssociateRouteTable: a subnet has one explicit table (`Resource.AlreadyAssociated` otherwise). */
export function associateRouteTable(rt: Runtime, input: AssociateRouteTableRequest) {
  const table = findTable(rt, input.RouteTableId);
  const subnet = rt.world.ec2.subnets.find((s) => s.id === input.SubnetId);
  if (!subnet)
    throw new SandboxError('InvalidSubnetID.NotFound', `The subnet ID '${input.SubnetId ?? ''}' does not exist`);
  if (rt.world.ec2.routeTables.some((t) => t.associations.some((a) => a.subnetId === subnet.id)))
    throw new SandboxError(
      'Resource.AlreadyAssociated',
      `the specified association for route table ${table.id} conflicts with an existing association`,
    );
  const id = ec2Id('rtbassoc');
  table.associations.push({ id, subnetId: subnet.id });
  rt.changed();
  return { AssociationId: id, AssociationState: { State: 'associated' as const } };
}

/** EC2 CreateRoute to an internet gateway attached to the table's VPC or a NAT gateway. */
export function createRoute(rt: Runtime, input: CreateRouteRequest) {
  const table = findTable(rt, input.RouteTableId);
  const destination = input.DestinationCidrBlock ?? '';
  if (
    input.GatewayId &&
    !rt.world.ec2.internetGateways.some((g) => g.id === input.GatewayId && g.vpcId === table.vpcId)
  )
    throw new SandboxError('InvalidGatewayID.NotFound', `The gateway ID '${input.GatewayId}' does not exist`);
  if (input.NatGatewayId && !rt.world.ec2.natGateways.some((g) => g.id === input.NatGatewayId))
    throw new SandboxError('InvalidNatGatewayID.NotFound', `The natGateway ID '${input.NatGatewayId}' does not exist`);
  if (!input.GatewayId && !input.NatGatewayId)
    throw new SandboxError(
      'InvalidParameterCombination',
      'The request must contain exactly one of gatewayId, natGatewayId, ...',
    );
  if (table.routes.some((r) => r.destination === destination))
    throw new SandboxError('RouteAlreadyExists', `The route identified by ${destination} already exists.`);
  table.routes.push({ destination, gatewayId: input.GatewayId, natGatewayId: input.NatGatewayId });
  rt.changed();
  return { Return: true };
}

/** EC2 DeleteRoute (the local route cannot go). */
export function deleteRoute(rt: Runtime, input: DeleteRouteRequest) {
  const table = findTable(rt, input.RouteTableId);
  const route = table.routes.find((r) => r.destination === input.DestinationCidrBlock);
  if (!route)
    throw new SandboxError(
      'InvalidRoute.NotFound',
      `no route with destination-cidr-block ${input.DestinationCidrBlock ?? ''} in route table ${table.id}`,
    );
  if (route.gatewayId === 'local')
    throw new SandboxError(
      'InvalidParameterValue',
      `cannot remove local route ${route.destination} in route table ${table.id}`,
    );
  table.routes = table.routes.filter((r) => r !== route);
  rt.changed();
  return {};
}

/** EC2 DescribeInternetGateways (filters attachment.vpc-id, internet-gateway-id, tag:KEY). */
export function describeInternetGateways(rt: Runtime, input: DescribeInternetGatewaysRequest) {
  const all = rt.world.ec2.internetGateways;
  requireIds(
    'internetGateway',
    'InvalidInternetGatewayID.NotFound',
    input.InternetGatewayIds,
    all.map((g) => g.id),
  );
  let found = all.filter((g) => !input.InternetGatewayIds?.length || input.InternetGatewayIds.includes(g.id));
  found = applyFilters(
    found,
    input.Filters,
    {
      'attachment.vpc-id': (g) => [g.vpcId],
      'attachment.state': (g) => [g.vpcId ? 'available' : undefined],
      'internet-gateway-id': (g) => [g.id],
    },
    (g) => g.tags,
  );
  return {
    InternetGateways: found.map((g) => ({
      InternetGatewayId: g.id,
      OwnerId: rt.accountId,
      Attachments: g.vpcId ? [{ VpcId: g.vpcId, State: 'available' as const }] : [],
      Tags: g.tags,
    })),
  };
}

/** EC2 DescribeNatGateways (filters vpc-id, subnet-id, state, nat-gateway-id). */
export function describeNatGateways(rt: Runtime, input: DescribeNatGatewaysRequest) {
  let found = rt.world.ec2.natGateways.filter(
    (g) => !input.NatGatewayIds?.length || input.NatGatewayIds.includes(g.id),
  );
  found = applyFilters(
    found,
    input.Filter,
    {
      'vpc-id': (g) => [g.vpcId],
      'subnet-id': (g) => [g.subnetId],
      state: () => ['available'],
      'nat-gateway-id': (g) => [g.id],
    },
    (g) => g.tags,
  );
  return {
    NatGateways: found.map((g) => ({
      NatGatewayId: g.id,
      SubnetId: g.subnetId,
      VpcId: g.vpcId,
      State: 'available' as const,
      ConnectivityType: 'public' as const,
      Tags: g.tags,
    })),
  };
}

/** EC2 ModifySubnetAttribute: `MapPublicIpOnLaunch` (so a test can make a private subnet). */
export function modifySubnetAttribute(rt: Runtime, input: ModifySubnetAttributeRequest) {
  const subnet = rt.world.ec2.subnets.find((s) => s.id === input.SubnetId);
  if (!subnet)
    throw new SandboxError('InvalidSubnetID.NotFound', `The subnet ID '${input.SubnetId ?? ''}' does not exist`);
  if (input.MapPublicIpOnLaunch?.Value !== undefined) subnet.mapPublicIp = input.MapPublicIpOnLaunch.Value;
  rt.changed();
  return {};
}

/** The route table that applies to a subnet: its explicit one, else its VPC's main table. */
export function subnetRouteTable(rt: Runtime, subnetId: string, vpcId: string): RouteTable | undefined {
  const tables = rt.world.ec2.routeTables;
  return (
    tables.find((t) => t.associations.some((a) => a.subnetId === subnetId)) ??
    tables.find((t) => t.main && t.vpcId === vpcId)
  );
}
