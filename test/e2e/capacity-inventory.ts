import type { Inventory } from '../../source/sandbox/index.js';

type Tagged = { name?: string; tags?: { key?: string; Key?: string; value?: string; Value?: string }[] };

const hasStackTag = (r: Tagged, stack: string) =>
  (r.tags ?? []).some((t) => (t.key ?? t.Key) === 'ecs-alb-wizard:stack' && (t.value ?? t.Value) === stack);

/**
 * How many of each first-time capacity resource a stack has in the sandbox, as a user would count
 * them in the console: a converged `setup --create-cluster` has exactly one of each, holding what it
 * should (the role both managed policies, the profile that role, the provider on the cluster), and
 * the group's instances, each registered once.
 */
export function countCapacity(inventory: Inventory, stack: string): Record<string, number> {
  const roles = (inventory.iam.roles ?? []) as (Tagged & { attachedPolicyArns: string[] })[];
  const profiles = (inventory.iam.instanceProfiles ?? []) as (Tagged & { roleNames: string[] })[];
  const groups = (inventory.autoscaling.groups ?? []) as (Tagged & { deleting: boolean })[];
  const clusters = (inventory.ecs.clusters ?? []) as { name: string; arn: string }[];
  const cluster = clusters.find((c) => c.name === `${stack}-cluster`);
  const providers = (inventory.ecs.capacityProviders ?? []) as { name: string; cluster?: string }[];
  const instances = (inventory.ec2.instances ?? []) as { autoScalingGroupName?: string; state?: string }[];
  const containerInstances = (inventory.ecs.containerInstances ?? []) as { cluster: string; status: string }[];
  const role = `${stack}-ecs-instance`;
  return {
    clusters: clusters.filter((c) => c.name === `${stack}-cluster`).length,
    roles: roles.filter((r) => r.name === role && hasStackTag(r, stack)).length,
    rolePolicies: roles.filter((r) => r.name === role).flatMap((r) => r.attachedPolicyArns).length,
    instanceProfiles: profiles.filter((p) => p.name === role && hasStackTag(p, stack)).length,
    profileRoles: profiles.filter((p) => p.name === role).flatMap((p) => p.roleNames.filter((n) => n === role)).length,
    instanceSecurityGroups: (inventory.ec2.securityGroups as Tagged[]).filter(
      (g) => g.name === `${stack}-instances-sg` && hasStackTag(g, stack),
    ).length,
    launchTemplates: (inventory.ec2.launchTemplates as Tagged[]).filter(
      (t) => t.name === `${stack}-lt` && hasStackTag(t, stack),
    ).length,
    autoScalingGroups: groups.filter((g) => g.name === `${stack}-asg` && !g.deleting).length,
    capacityProviders: providers.filter((p) => p.name === `${stack}-cp`).length,
    providersOnCluster: providers.filter((p) => p.name === `${stack}-cp` && cluster && p.cluster === cluster.arn)
      .length,
    instances: instances.filter((i) => i.autoScalingGroupName === `${stack}-asg`).length,
    containerInstances: containerInstances.filter((c) => cluster && c.cluster === cluster.arn && c.status === 'ACTIVE')
      .length,
  };
}

/** What a converged first-time setup with `instances` instances holds. */
export function oneOfEachCapacity(instances = 2): Record<string, number> {
  return {
    clusters: 1,
    roles: 1,
    rolePolicies: 2,
    instanceProfiles: 1,
    profileRoles: 1,
    instanceSecurityGroups: 1,
    launchTemplates: 1,
    autoScalingGroups: 1,
    capacityProviders: 1,
    providersOnCluster: 1,
    instances,
    containerInstances: instances,
  };
}

/** The inventory without the service-linked roles ECS and Auto Scaling make for the account (kept on purpose). */
export function withoutServiceLinkedRoles(inventory: Inventory): Inventory {
  const roles = (inventory.iam.roles ?? []) as { path?: string }[];
  return {
    ...inventory,
    iam: { ...inventory.iam, roles: roles.filter((r) => !r.path?.startsWith('/aws-service-role/')) },
  };
}
