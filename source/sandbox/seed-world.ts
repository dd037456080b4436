import { seed } from './seed-ids.js';
import type { World } from './world.js';

/**
 * A fresh world like the memo's: the default VPC with one subnet in each of 3 AZs, its default
 * security group, and the ECS instances' group `ecs-demo-instances` holding both instances (rules:
 * all traffic from itself, all egress; nothing open to the world).
 */
export function seedWorld(): World {
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
      subnets: seed.subnets.map((s) => ({ id: s.id, vpcId, az: s.az, cidr: s.cidr, tags: [] })),
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
      instances: seed.instances.map((i) => ({
        id: i.id,
        subnetId: i.subnet,
        vpcId,
        az: seed.subnets.find((s) => s.id === i.subnet)?.az ?? seed.subnets[0].az,
        privateIp: i.privateIp,
        securityGroupIds: [groupId],
      })),
      enis: seed.instances.map((i, n) => ({
        id: `eni-0abc0000000000${n}a1`,
        subnetId: i.subnet,
        vpcId,
        az: seed.subnets.find((s) => s.id === i.subnet)?.az ?? seed.subnets[0].az,
        privateIp: i.privateIp,
        description: '',
        instanceId: i.id,
        securityGroupIds: [groupId],
      })),
    },
    iam: { roles: [] },
    elb: { loadBalancers: [], targetGroups: [], listeners: [], rules: [] },
  };
}
