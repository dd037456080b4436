import { DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { stackNames } from '../aws/names.js';
import type { ClusterResult, SubnetSummary } from '../model/results.js';
import type { StepDeps } from './types.js';

/**
 * The cluster choice's value for "create a new cluster": it reads as the flag that makes the
 * same choice without a prompt (a headless run lists the choices' values).
 */
export const CREATE_CHOICE = '--create-cluster';

/** The subnets of a VPC as the network question lists them, sorted by AZ. */
export async function vpcSubnets(vpcId: string, deps: StepDeps): Promise<SubnetSummary[]> {
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

/**
 * Create mode decides and creates nothing: the cluster will be `<stack>-cluster` in the default
 * VPC (the capacity step creates it with its instances once the subnets are chosen).
 */
export async function plannedCluster(deps: StepDeps): Promise<ClusterResult> {
  const clusterName = stackNames(deps.stack).cluster;
  const out = await deps.clients.ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
    { abortSignal: deps.signal },
  );
  const vpcId = out.Vpcs?.[0]?.VpcId;
  if (!vpcId)
    throw new Error(
      `no default VPC in ${deps.context.region}: create one (aws ec2 create-default-vpc), or pass --cluster with a cluster that has container instances`,
    );
  const subnets = await vpcSubnets(vpcId, deps);
  const account = deps.context.results.account?.accountId ?? 'ACCOUNT';
  return {
    clusterName,
    clusterArn: `arn:aws:ecs:${deps.context.region}:${account}:cluster/${clusterName}`,
    instances: [],
    vpcId,
    subnets,
    mode: 'create',
  };
}
