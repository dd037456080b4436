import { DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs';
import { DescribeInstancesCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { answerTable } from './answer-table.js';
import { awsCommand, queryText, val } from './cli-text.js';
import type { ClusterResult, SubnetSummary } from '../model/results.js';
import type { Step, StepDeps } from './types.js';

const PROMPT = 'Which ECS cluster (with EC2 container instances) should the service run on?';
const FLAG = answerTable.cluster.flag;

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

async function vpcSubnets(vpcId: string, deps: StepDeps): Promise<SubnetSummary[]> {
  const out = await deps.clients.ec2.send(
    new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
    { abortSignal: deps.signal },
  );
  return (out.Subnets ?? [])
    .filter((s) => s.SubnetId && s.AvailabilityZone)
    .map((s) => ({
      id: s.SubnetId!,
      az: s.AvailabilityZone!,
      ...(s.CidrBlock ? { cidr: s.CidrBlock } : {}),
      public: s.MapPublicIpOnLaunch ?? false,
    }))
    .sort((a, b) => a.az.localeCompare(b.az) || a.id.localeCompare(b.id));
}

/** Step 2: pick an existing cluster and find its instances, their VPC and security group. */
export const clusterStep: Step<ClusterResult> = {
  id: 'cluster',
  title: 'Pick the ECS cluster',
  why: 'The memo made the cluster with ecs-cli; we use one you already have. Its EC2 container instances run the tasks on dynamic host ports.',
  keys: ['cluster'],
  questions(known, ctx) {
    if (known.cluster !== undefined) return [];
    const clusters = ctx.results.account?.clusters ?? [];
    const only = clusters.length === 1 ? clusters[0]?.name : undefined;
    return [
      {
        key: 'cluster',
        flag: FLAG,
        kind: 'select',
        message: PROMPT,
        choices: clusters.map((c) => ({
          value: c.name,
          label: c.name,
          hint: `${c.instances} container instance${c.instances === 1 ? '' : 's'}`,
        })),
        ...(only ? { default: only } : {}),
      },
    ];
  },
  validate(answers, ctx) {
    const name = answers.cluster;
    const clusters = ctx.results.account?.clusters;
    if (!name) return `${FLAG} is required: no ECS cluster was chosen`;
    if (!clusters) return undefined;
    const cluster = clusters.find((c) => c.name === name);
    if (!cluster) {
      return clusters.length === 0
        ? `${FLAG}: no ECS cluster exists in ${ctx.region}; create one with EC2 container instances first`
        : `${FLAG}: no cluster named '${name}' in ${ctx.region}; clusters: ${clusters.map((c) => c.name).join(', ')}`;
    }
    if (cluster.instances === 0) {
      return `${FLAG}: cluster '${name}' has no container instances; launch EC2 instances from the ECS-optimized AMI with ECS_CLUSTER=${name} in /etc/ecs/ecs.config`;
    }
    return undefined;
  },
  async execute(answers, deps) {
    const clusterName = answers.cluster!;
    const clusterArn = deps.context.results.account?.clusters.find((c) => c.name === clusterName)?.arn ?? clusterName;
    try {
      const instances = await containerInstances(clusterName, deps);
      if (instances.length === 0) {
        throw new Error(
          `cluster '${clusterName}' has no ACTIVE container instances; register EC2 instances (ECS_CLUSTER=${clusterName}) and run again`,
        );
      }
      const { vpcId, instanceSecurityGroupId } = await vpcAndGroup(
        instances.map((i) => i.ec2InstanceId),
        deps,
      );
      const subnets = await vpcSubnets(vpcId, deps);
      return { clusterName, clusterArn, instances, vpcId, instanceSecurityGroupId, subnets };
    } catch (cause) {
      throw new Error(`inspect cluster ${clusterName}`, { cause });
    }
  },
  summary: (r) => [
    `cluster ${r.clusterName}: ${r.instances.length} container instance(s) ${r.instances.map((i) => i.ec2InstanceId).join(', ')}`,
    `VPC ${r.vpcId}, instance security group ${r.instanceSecurityGroupId}`,
  ],
  cli: (answers) => {
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
