import { DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { capacityNamesProblem, stackNames } from '../aws/names.js';
import { CREATE_CHOICE, plannedCluster, vpcSubnets } from './cluster-create.js';
import { answerTable } from './answer-table.js';
import { awsCommand, queryText, val } from './cli-text.js';
import type { ClusterResult } from '../model/results.js';
import type { Answers } from '../model/answers.js';
import type { Question, Step, StepContext, StepDeps } from './types.js';

const PROMPT = 'Which ECS cluster (with EC2 container instances) should the service run on?';
const PROMPT_NONE = (region: string) =>
  `No ECS cluster in ${region} has EC2 container instances: create one with its own instances (--create-cluster), or pick one?`;
const FLAG = answerTable.cluster.flag;
const CREATE_FLAG = answerTable.createCluster.flag;

async function containerInstances(cluster: string, deps: StepDeps) {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await deps.clients.ecs.send(
      new ListContainerInstancesCommand({ cluster, status: 'ACTIVE', nextToken }),
      { abortSignal: deps.signal },
    );
    arns.push(...(page.containerInstanceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const found: ClusterResult['instances'] = [];
  for (let i = 0; i < arns.length; i += 100) {
    const out = await deps.clients.ecs.send(
      new DescribeContainerInstancesCommand({ cluster, containerInstances: arns.slice(i, i + 100) }),
      { abortSignal: deps.signal },
    );
    for (const ci of out.containerInstances ?? []) {
      if (ci.containerInstanceArn && ci.ec2InstanceId)
        found.push({ containerInstanceArn: ci.containerInstanceArn, ec2InstanceId: ci.ec2InstanceId });
    }
  }
  return found;
}

async function vpcAndGroup(instanceIds: string[], deps: StepDeps) {
  const out = await deps.clients.ec2.send(new DescribeInstancesCommand({ InstanceIds: instanceIds }), {
    abortSignal: deps.signal,
  });
  const instances = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  const vpcs = [...new Set(instances.map((i) => i.VpcId).filter((v): v is string => Boolean(v)))];
  if (vpcs.length !== 1 || !vpcs[0])
    throw new Error(
      `the container instances must share one VPC, found ${vpcs.length === 0 ? 'none' : vpcs.join(', ')}`,
    );
  const groupSets = instances.map((i) =>
    (i.SecurityGroups ?? []).map((g) => g.GroupId).filter((g): g is string => Boolean(g)),
  );
  const common = (groupSets[0] ?? []).filter((g) => groupSets.every((set) => set.includes(g)));
  if (!common[0])
    throw new Error(
      'the container instances share no security group; put them in one group so a single rule lets the ALB reach them',
    );
  return { vpcId: vpcs[0], instanceSecurityGroupId: common[0] };
}

/** The cluster question: "create a new cluster" first (and preselected) when no cluster has instances. */
function clusterQuestion(ctx: StepContext): Question {
  const clusters = (ctx.results.account?.clusters ?? []).filter((c) => c.name !== CREATE_CHOICE);
  const usable = clusters.filter((c) => c.instances > 0);
  const create = {
    value: CREATE_CHOICE,
    label: `Create a new cluster ${stackNames(ctx.stack).cluster}`,
    hint: 'with its own EC2 instances',
  };
  const existing = clusters.map((c) => ({
    value: c.name,
    label: c.name,
    hint: `${c.instances} container instance${c.instances === 1 ? '' : 's'}`,
  }));
  if (usable.length === 0)
    // No default: the wizard highlights the first choice; a headless run names the flags instead.
    return {
      key: 'cluster',
      flag: FLAG,
      kind: 'select',
      message: PROMPT_NONE(ctx.region),
      choices: [create, ...existing],
    };
  const only = usable.length === 1 ? usable[0]?.name : undefined;
  return {
    key: 'cluster',
    flag: FLAG,
    kind: 'select',
    message: PROMPT,
    choices: [...existing, create],
    ...(only ? { default: only } : {}),
  };
}

function validateCreate(answers: Answers, ctx: StepContext): string | undefined {
  const names = stackNames(ctx.stack);
  const problem = capacityNamesProblem(ctx.stack);
  if (problem) return problem;
  if (answers.cluster !== names.cluster)
    return `${FLAG} ${answers.cluster ?? ''} and ${CREATE_FLAG} contradict: ${CREATE_FLAG} makes the cluster ${names.cluster}; leave out ${FLAG}`;
  return undefined;
}

function validateExisting(answers: Answers, ctx: StepContext): string | undefined {
  const name = answers.cluster;
  const clusters = ctx.results.account?.clusters;
  if (!name) return `${FLAG} is required: no ECS cluster was chosen (or pass ${CREATE_FLAG} to create one)`;
  if (!clusters) return undefined;
  const cluster = clusters.find((c) => c.name === name);
  if (!cluster) {
    return clusters.length === 0
      ? `${FLAG}: no ECS cluster exists in ${ctx.region}; pass ${CREATE_FLAG} to create one with its EC2 instances`
      : `${FLAG}: no cluster named '${name}' in ${ctx.region}; clusters: ${clusters.map((c) => c.name).join(', ')} (or pass ${CREATE_FLAG} to create one)`;
  }
  if (cluster.instances === 0) {
    return `${FLAG}: cluster '${name}' has no container instances; pass ${CREATE_FLAG} to create a cluster with its own EC2 instances, or launch EC2 instances from the ECS-optimized AMI with ECS_CLUSTER=${name} in /etc/ecs/ecs.config`;
  }
  return undefined;
}

/** Step 2: pick an existing cluster and find its instances, their VPC and security group, or plan a new one. */
export const clusterStep: Step<ClusterResult> = {
  id: 'cluster',
  title: 'Pick the ECS cluster',
  why: 'The memo made the cluster with ecs-cli (archived since 2025); we use one you already have, or plan a new one with its own EC2 instances. Its container instances run the tasks on dynamic host ports.',
  keys: ['createCluster', 'cluster'],
  questions(known, ctx) {
    if (known.cluster !== undefined || known.createCluster === 'true') return [];
    return [clusterQuestion(ctx)];
  },
  settle(known, ctx) {
    const name = stackNames(ctx.stack).cluster;
    if (known.cluster === CREATE_CHOICE) return { createCluster: 'true', cluster: name };
    if (known.createCluster === 'true') return known.cluster === undefined ? { cluster: name } : {};
    return known.cluster === undefined ? {} : { createCluster: 'false' };
  },
  validate(answers, ctx) {
    return answers.createCluster === 'true' ? validateCreate(answers, ctx) : validateExisting(answers, ctx);
  },
  async execute(answers, deps) {
    if (answers.createCluster === 'true') {
      try {
        return await plannedCluster(deps);
      } catch (cause) {
        throw new Error(`find the default VPC for cluster ${stackNames(deps.stack).cluster}`, { cause });
      }
    }
    const clusterName = answers.cluster!;
    const clusterArn = deps.context.results.account?.clusters.find((c) => c.name === clusterName)?.arn ?? clusterName;
    try {
      const instances = await containerInstances(clusterName, deps);
      if (instances.length === 0) {
        throw new Error(
          `cluster '${clusterName}' has no ACTIVE container instances; register EC2 instances (ECS_CLUSTER=${clusterName}) and run again, or create a cluster with ${CREATE_FLAG}`,
        );
      }
      const { vpcId, instanceSecurityGroupId } = await vpcAndGroup(
        instances.map((i) => i.ec2InstanceId),
        deps,
      );
      const subnets = await vpcSubnets(vpcId, deps);
      return { clusterName, clusterArn, instances, vpcId, instanceSecurityGroupId, subnets, mode: 'existing' };
    } catch (cause) {
      throw new Error(`inspect cluster ${clusterName}`, { cause });
    }
  },
  summary: (r) =>
    r.mode === 'create'
      ? [`cluster ${r.clusterName} will be created with its EC2 capacity`, `default VPC ${r.vpcId}`]
      : [
          `cluster ${r.clusterName}: ${r.instances.length} container instance(s) ${r.instances.map((i) => i.ec2InstanceId).join(', ')}`,
          `VPC ${r.vpcId}, instance security group ${r.instanceSecurityGroupId ?? 'unknown'}`,
        ],
  cli: (answers) => {
    if (answers.createCluster === 'true')
      return [
        `VPC_ID=$(${awsCommand('ec2 describe-vpcs', ['--filters', 'Name=is-default,Values=true'], queryText('Vpcs[0].VpcId'))})`,
      ];
    const cluster = val(answers.cluster, 'CLUSTER');
    const instanceArns = awsCommand(
      'ecs list-container-instances',
      ['--cluster', cluster],
      queryText('containerInstanceArns[]'),
    );
    const instanceIds = awsCommand(
      'ecs describe-container-instances',
      ['--cluster', cluster],
      ['--container-instances', `$(${instanceArns})`],
      queryText('containerInstances[].ec2InstanceId'),
    );
    const firstInstance = (field: string) =>
      awsCommand(
        'ec2 describe-instances',
        ['--instance-ids', '$INSTANCE_IDS'],
        queryText(`Reservations[0].Instances[0].${field}`),
      );
    return [
      awsCommand('ecs list-container-instances', ['--cluster', cluster]),
      `INSTANCE_IDS=$(${instanceIds})`,
      `VPC_ID=$(${firstInstance('VpcId')})`,
      `INSTANCE_SG_ID=$(${firstInstance('SecurityGroups[0].GroupId')})`,
    ];
  },
};
