import { seed } from './seed-ids.js';
import type { SandboxSeed, World } from './world.js';

/** An EC2 instance of the seeded cluster. */
type SeedInstance = { id: string; subnet: string; privateIp: string };

/**
 * The cluster's instances: the memo's two (one in ap-northeast-1a, one in ap-northeast-1c), or one
 * per entry of `zones` in the seeded subnet of that AZ (ids and addresses derived from the position).
 */
export function seedInstances(zones?: readonly string[]): readonly SeedInstance[] {
  if (!zones) return seed.instances;
  return zones.map((zone, n) => {
    const subnet = seed.subnets.find((s) => s.az === zone);
    if (!subnet)
      throw new Error(
        `seed instances: no seeded subnet in ${zone} (the seed has ${seed.subnets.map((s) => s.az).join(', ')})`,
      );
    const [a, b, c = '0'] = subnet.cidr.split('.');
    const number = (n + 1).toString(16).padStart(2, '0');
    return {
      id: `i-0abc0000000000${number}${zone.slice(-1)}`,
      subnet: subnet.id,
      privateIp: `${a}.${b}.${Number(c) + 5}.${10 + n}`,
    };
  });
}

/**
 * A fresh world from `kind`: the memo's (below) or `empty`, an account with only the default VPC
 * (its subnets, internet gateway, main route table and default security group): no cluster, no
 * instances, for the first-time path that creates them.
 */
export function freshWorld(kind: SandboxSeed, instanceZones?: readonly string[]): World {
  if (kind === 'memo') return { ...seedWorld(instanceZones), seed: 'memo' };
  const world = seedWorld([]);
  const ec2 = world.ec2;
  ec2.securityGroups = ec2.securityGroups.filter((g) => g.id === seed.defaultSecurityGroupId);
  ec2.rules = ec2.rules.filter((r) => r.groupId === seed.defaultSecurityGroupId);
  return { ...world, seed: 'empty' };
}

/**
 * A fresh world like the memo's: the default VPC with one subnet in each of 3 AZs, its default
 * security group, and the ECS instances' group `ecs-demo-instances` holding the instances (both
 * of the memo's, or one per AZ in `instanceZones`; rules: all traffic from itself, all egress;
 * nothing open to the world).
 */
export function seedWorld(instanceZones?: readonly string[]): World {
  const instances = seedInstances(instanceZones);
  const vpcId = seed.vpcId;
  const groupId = seed.instanceSecurityGroup.id;
  const defaultGroupId = seed.defaultSecurityGroupId;
  const selfRules = (id: string, n: string) => [
    {
      id: `sgr-0abc0000000000${n}01`,
      groupId: id,
      egress: false,
      protocol: '-1',
      fromPort: -1,
      toPort: -1,
      sourceGroupId: id,
      tags: [],
    },
    {
      id: `sgr-0abc0000000000${n}02`,
      groupId: id,
      egress: true,
      protocol: '-1',
      fromPort: -1,
      toPort: -1,
      cidr: '0.0.0.0/0',
      tags: [],
    },
  ];
  return {
    version: 1,
    ec2: {
      vpcs: [{ id: vpcId, cidr: seed.vpcCidr, isDefault: true, tags: [] }],
      subnets: seed.subnets.map((s) => ({ id: s.id, vpcId, az: s.az, cidr: s.cidr, tags: [], mapPublicIp: true })),
      securityGroups: [
        { id: defaultGroupId, name: 'default', description: 'default VPC security group', vpcId, tags: [] },
        {
          id: groupId,
          name: seed.instanceSecurityGroup.name,
          description: 'ECS container instances of cluster ecs-demo',
          vpcId,
          tags: [{ Key: 'Name', Value: seed.instanceSecurityGroup.name }],
        },
      ],
      rules: [...selfRules(defaultGroupId, '0d'), ...selfRules(groupId, 'ec')],
      instances: instances.map((i) => ({
        id: i.id,
        subnetId: i.subnet,
        vpcId,
        az: seed.subnets.find((s) => s.id === i.subnet)?.az ?? seed.subnets[0].az,
        privateIp: i.privateIp,
        securityGroupIds: [groupId],
      })),
      enis: instances.map((i, n) => ({
        id: `eni-0abc00000000${n.toString(16).padStart(3, '0')}a1`,
        subnetId: i.subnet,
        vpcId,
        az: seed.subnets.find((s) => s.id === i.subnet)?.az ?? seed.subnets[0].az,
        privateIp: i.privateIp,
        description: '',
        instanceId: i.id,
        securityGroupIds: [groupId],
      })),
      internetGateways: [{ id: seed.internetGatewayId, vpcId, tags: [] }],
      natGateways: [],
      routeTables: [
        {
          id: seed.mainRouteTableId,
          vpcId,
          main: true,
          routes: [
            { destination: seed.vpcCidr, gatewayId: 'local' },
            { destination: '0.0.0.0/0', gatewayId: seed.internetGatewayId },
          ],
          associations: [],
          tags: [],
        },
      ],
      launchTemplates: [],
    },
    iam: { roles: [], instanceProfiles: [] },
    autoScaling: { groups: [], activities: [] },
    elb: { loadBalancers: [], targetGroups: [], listeners: [], rules: [] },
  };
}
