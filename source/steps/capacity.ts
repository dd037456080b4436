import { findCapacity } from '../aws/find-owned-capacity.js';
import { stackNames } from '../aws/names.js';
import type { CapacityResult } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import { capacityCli } from './capacity-cli.js';
import { deleteCapacityProvider, deleteCluster, ensureCapacityProvider, ensureCluster } from './capacity-cluster.js';
import { deleteGroup, ensureGroup, scaleOutGroup } from './capacity-group.js';
import { deleteInstanceProfile, deleteRole, ensureInstanceProfile, ensureRole } from './capacity-iam.js';
import { notOursMessage } from './capacity-own.js';
import { subnetReach, unreachableProblem } from './capacity-reach.js';
import {
  deleteInstanceGroup,
  deleteLaunchTemplate,
  ensureInstanceGroup,
  ensureLaunchTemplate,
  recommendedAmi,
} from './capacity-template.js';
import { defaults } from './defaults.js';
import { need } from './results.js';
import type { Step, StepDeps } from './types.js';
import { architectureOf } from './validators.js';

const PROMPT_TYPE =
  'Which EC2 instance type should run the tasks? (Graviton types such as t4g.small take the arm64 AMI)';
const PROMPT_COUNT = 'How many EC2 instances? (one per Availability Zone spreads them, 1-10)';
const PROMPT_RANGE =
  'Which host port range should the instances give containers (and the load balancer reach)? (dynamic ports)';

const KIND_WHAT: Record<string, string> = {
  'security-group': 'security group',
  'iam-role': 'IAM role',
  'instance-profile': 'instance profile',
  'launch-template': 'launch template',
  'ecs-cluster': 'ECS cluster',
  'auto-scaling-group': 'Auto Scaling group',
  'capacity-provider': 'capacity provider',
};

/** One subnet per AZ, in the order chosen: where the group launches its instances. */
function onePerAz(subnetIds: readonly string[], subnets: readonly { id: string; az: string }[]): string[] {
  const seen = new Set<string>();
  return subnetIds.filter((id) => {
    const az = subnets.find((s) => s.id === id)?.az ?? id;
    if (seen.has(az)) return false;
    seen.add(az);
    return true;
  });
}

/** Before anything is created: every name the capacity takes is free or already the stack's. */
async function refuseForeign(deps: StepDeps, vpcId: string): Promise<void> {
  const found = await findCapacity({ clients: deps.clients, stack: deps.stack, signal: deps.signal }, vpcId);
  const foreign = found.filter((f) => f.taggedFor !== deps.stack);
  if (foreign.length > 0)
    throw new Error(foreign.map((f) => notOursMessage(f, deps.stack, KIND_WHAT[f.kind] ?? f.kind)).join('; '));
}

/**
 * Step 4 with `--create-cluster`: the EC2 capacity for a cluster of the stack's own, created in
 * this order and recorded as each exists: instance security group, role, instance profile, launch
 * template, cluster, Auto Scaling group (empty), capacity provider (attached as the cluster's
 * default strategy), then the group scaled out to N. It does not wait for the instances: they boot
 * while the load balancer provisions.
 */
export const capacityStep: Step<CapacityResult> = {
  id: 'capacity',
  title: 'Create the cluster and its EC2 capacity',
  why: 'What ecs-cli up did, today\u2019s way: ECS-optimized Amazon Linux 2023 instances from a launch template (IMDSv2, the agent told its cluster and host port range) in an Auto Scaling group, driven by a capacity provider with managed scaling and termination protection.',
  keys: ['instanceType', 'instances', 'hostPortRange'],
  skip: (known) =>
    known.createCluster === 'true'
      ? undefined
      : `the cluster ${known.cluster ?? ''} brings its own container instances (no --create-cluster)`,
  questions: (known) =>
    textQuestions(known, { instanceType: PROMPT_TYPE, instances: PROMPT_COUNT, hostPortRange: PROMPT_RANGE }),
  validate: (answers) => checkAnswers(answers, ['instanceType', 'instances', 'hostPortRange']),
  async execute(answers, deps, record) {
    const cluster = need(deps.context.results, 'cluster');
    const network = need(deps.context.results, 'network');
    const names = stackNames(deps.stack);
    const subnetIds = onePerAz(network.subnetIds, cluster.subnets);
    const reach = await subnetReach(deps, cluster.vpcId, subnetIds).catch((cause: unknown) => {
      throw new Error(`check the subnets ${subnetIds.join(', ')} reach the internet`, { cause });
    });
    const unreachable = unreachableProblem(reach);
    if (unreachable) throw new Error(unreachable);
    try {
      await refuseForeign(deps, cluster.vpcId);
    } catch (cause) {
      throw new Error(`check the names of stack '${deps.stack}' are free`, { cause });
    }
    const instanceType = answers.instanceType!;
    const architecture = architectureOf(instanceType);
    const desired = Number(answers.instances);
    const account = deps.context.results.account?.accountId ?? 'ACCOUNT';
    const roleArn = `arn:aws:iam::${account}:role/${names.instanceRole}`;
    const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (cause) {
        throw new Error(what, { cause });
      }
    };
    const groupId = await step(`create security group ${names.instanceSecurityGroup}`, () =>
      ensureInstanceGroup(deps, cluster.vpcId, record),
    );
    const role = await step(`create IAM role ${names.instanceRole}`, () => ensureRole(deps, record));
    const profileArn = await step(`create instance profile ${names.instanceRole}`, () =>
      ensureInstanceProfile(deps, record, role),
    );
    const imageId = await recommendedAmi(deps, architecture);
    const launchTemplateId = await step(`create launch template ${names.launchTemplate}`, () =>
      ensureLaunchTemplate(
        deps,
        {
          imageId,
          instanceType,
          instanceProfileName: names.instanceRole,
          securityGroupId: groupId,
          cluster: names.cluster,
          hostPortRange: answers.hostPortRange ?? defaults.hostPortRange,
        },
        record,
      ),
    );
    const clusterArn = await step(`create ECS cluster ${names.cluster}`, () => ensureCluster(deps, record));
    const groupArn = await step(`create Auto Scaling group ${names.autoScalingGroup}`, () =>
      ensureGroup(deps, { launchTemplateId, subnetIds, desired, roleArn }, record),
    );
    await step(`create capacity provider ${names.capacityProvider}`, () =>
      ensureCapacityProvider(deps, groupArn, record),
    );
    // Only now that the provider is on the cluster do instances launch: each registers as its own.
    await step(`scale Auto Scaling group ${names.autoScalingGroup} out to ${desired}`, () =>
      scaleOutGroup(deps, desired),
    );
    return {
      clusterName: names.cluster,
      clusterArn,
      instanceSecurityGroupId: groupId,
      roleName: role,
      instanceProfileName: names.instanceRole,
      instanceProfileArn: profileArn,
      launchTemplateId,
      imageId,
      architecture,
      instanceType,
      autoScalingGroupName: names.autoScalingGroup,
      capacityProviderName: names.capacityProvider,
      desired,
    };
  },
  teardown(resource, deps) {
    switch (resource.kind) {
      case 'capacity-provider':
        return deleteCapacityProvider(
          resource.details?.name ?? resource.label,
          resource.details?.cluster ?? stackNames(deps.stack).cluster,
          deps,
        );
      case 'auto-scaling-group':
        return deleteGroup(resource.id, deps);
      case 'ecs-cluster':
        return deleteCluster(resource.label, deps);
      case 'launch-template':
        return deleteLaunchTemplate(resource.id, deps);
      case 'instance-profile':
        return deleteInstanceProfile(resource.id, deps);
      case 'iam-role':
        return deleteRole(resource.id, deps);
      case 'security-group':
        return deleteInstanceGroup(resource.id, deps);
      default:
        return Promise.resolve('kept');
    }
  },
  // Short lines: the wizard's log keeps each to one line of an 80-column terminal.
  summary: (r) => [
    `cluster ${r.clusterName}: ${r.desired} x ${r.instanceType} (${r.architecture}, ${r.imageId})`,
    `capacity provider ${r.capacityProviderName}: managed scaling and termination protection`,
    `Auto Scaling group ${r.autoScalingGroupName}, instance profile ${r.instanceProfileName}`,
    `launch template ${r.launchTemplateId}, security group ${r.instanceSecurityGroupId}`,
  ],
  cli: capacityCli,
};
