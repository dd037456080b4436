import type { EcsControl } from './contracts.js';
import { instanceState } from './ec2/fleet.js';
import { liveEnis } from './ec2/network-interfaces.js';
import type { DataPlane } from './elb/data-plane.js';
import type { HealthChecker } from './elb/health.js';
import { lbState, tgLoadBalancerArns } from './elb/lookup.js';
import type { Runtime } from './runtime.js';
import type { Inventory } from './world.js';

/**
 * Every live resource of the sandbox by service: what a test compares with the seed after a
 * teardown, and what a curious user reads to see where each load balancer really listens.
 */
export function buildInventory(rt: Runtime, health: HealthChecker, dataPlane: DataPlane, ecs: EcsControl): Inventory {
  const { ec2, iam, elb } = rt.world;
  const addresses = dataPlane.addresses();
  return {
    ec2: {
      vpcs: ec2.vpcs.map((v) => ({ id: v.id, cidr: v.cidr, isDefault: v.isDefault, tags: v.tags })),
      subnets: ec2.subnets.map((s) => ({ id: s.id, vpcId: s.vpcId, az: s.az, cidr: s.cidr })),
      securityGroups: ec2.securityGroups.map((g) => ({
        id: g.id,
        name: g.name,
        vpcId: g.vpcId,
        tags: g.tags,
        rules: ec2.rules
          .filter((r) => r.groupId === g.id)
          .map((r) => ({
            id: r.id,
            egress: r.egress,
            protocol: r.protocol,
            fromPort: r.fromPort,
            toPort: r.toPort,
            cidr: r.cidr,
            sourceGroupId: r.sourceGroupId,
          })),
      })),
      instances: ec2.instances
        .filter((i) => instanceState(i) !== 'terminated')
        .map((i) => ({
          id: i.id,
          subnetId: i.subnetId,
          az: i.az,
          privateIp: i.privateIp,
          securityGroupIds: i.securityGroupIds,
          ...(i.launched
            ? {
                state: instanceState(i),
                instanceType: i.launched.instanceType,
                autoScalingGroupName: i.launched.autoScalingGroupName,
                registered: i.launched.registeredAt !== undefined,
              }
            : {}),
        })),
      internetGateways: ec2.internetGateways.map((g) => ({ id: g.id, vpcId: g.vpcId, tags: g.tags })),
      natGateways: ec2.natGateways.map((g) => ({ id: g.id, subnetId: g.subnetId, tags: g.tags })),
      routeTables: ec2.routeTables.map((t) => ({
        id: t.id,
        vpcId: t.vpcId,
        main: t.main,
        routes: t.routes,
        subnetIds: t.associations.map((a) => a.subnetId),
        tags: t.tags,
      })),
      launchTemplates: ec2.launchTemplates.map((t) => ({ id: t.id, name: t.name, tags: t.tags })),
      networkInterfaces: liveEnis(rt).map((e) => ({
        id: e.id,
        description: e.description,
        requesterId: e.requesterId,
        securityGroupIds: e.securityGroupIds,
        lingering: e.goneAt !== undefined,
      })),
    },
    iam: {
      roles: iam.roles.map((r) => ({
        name: r.name,
        path: r.path,
        arn: r.arn,
        attachedPolicyArns: r.attachedPolicyArns ?? [],
        tags: r.tags ?? [],
      })),
      instanceProfiles: iam.instanceProfiles.map((p) => ({
        name: p.name,
        arn: p.arn,
        roleNames: p.roleNames,
        tags: p.tags,
      })),
    },
    autoscaling: {
      groups: rt.world.autoScaling.groups.map((g) => ({
        name: g.name,
        arn: g.arn,
        desiredCapacity: g.desiredCapacity,
        deleting: g.deleting ?? false,
        tags: g.tags,
      })),
    },
    elbv2: {
      loadBalancers: elb.loadBalancers.map((lb) => ({
        arn: lb.arn,
        name: lb.name,
        dnsName: lb.dnsName,
        state: lbState(lb),
        securityGroupIds: lb.securityGroupIds,
        listeners: elb.listeners
          .filter((l) => l.loadBalancerArn === lb.arn)
          .map((l) => ({
            arn: l.arn,
            port: l.port,
            nodes: addresses
              .filter((a) => a.listenerArn === l.arn)
              .map((a) => ({ zone: a.zone, local: `${a.address}:${a.localPort}` })),
          })),
      })),
      targetGroups: elb.targetGroups.map((tg) => ({
        arn: tg.arn,
        name: tg.name,
        loadBalancerArns: tgLoadBalancerArns(rt, tg.arn),
        targets: tg.targets.map((t) => ({ id: t.id, port: t.port, ...health.view(tg, t) })),
      })),
      listeners: elb.listeners.map((l) => ({
        arn: l.arn,
        loadBalancerArn: l.loadBalancerArn,
        port: l.port,
        protocol: l.protocol,
      })),
      rules: elb.rules.map((r) => ({
        arn: r.arn,
        listenerArn: r.listenerArn,
        priority: r.priority,
        conditions: r.conditions.map((c) => ({ field: c.Field, values: c.Values })),
      })),
      addresses: addresses.map((a) => ({
        dnsName: a.dnsName,
        port: a.port,
        zone: a.zone,
        local: `${a.address}:${a.localPort}`,
      })),
    },
    ecs: ecs.inventory(),
  };
}
