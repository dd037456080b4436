import { answerTable } from './answer-table.js';
import { awsCommand, queryText, val } from './cli-text.js';
import type { NetworkResult, SubnetSummary } from '../model/results.js';
import type { Step, StepContext } from './types.js';

const PROMPT = 'Which subnets should the load balancer use? (at least two Availability Zones)';
const FLAG = answerTable.subnets.flag;

/** One subnet per AZ, public ones first: what an internet-facing ALB wants. */
export function defaultSubnets(subnets: readonly SubnetSummary[]): string[] {
  const byAz = new Map<string, SubnetSummary>();
  for (const s of subnets) {
    const current = byAz.get(s.az);
    if (!current || (s.public && !current.public)) byAz.set(s.az, s);
  }
  return [...byAz.values()].map((s) => s.id);
}

function chosen(answers: { subnets?: string }): string[] {
  return (answers.subnets ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function vpcSubnets(ctx: StepContext): SubnetSummary[] | undefined {
  return ctx.results.cluster?.subnets;
}

/** Step 3: the VPC comes from the instances; the ALB needs subnets in two or more AZs. */
export const networkStep: Step<NetworkResult> = {
  id: 'network',
  title: 'Choose the load balancer subnets',
  why: 'An Application Load Balancer runs one node per Availability Zone and needs subnets in at least two AZs of the instances\u2019 VPC.',
  keys: ['subnets'],
  questions(known, ctx) {
    if (known.subnets !== undefined) return [];
    const subnets = vpcSubnets(ctx) ?? [];
    return [
      {
        key: 'subnets',
        flag: FLAG,
        kind: 'multiselect',
        message: PROMPT,
        choices: subnets.map((s) => ({
          value: s.id,
          label: s.id,
          hint: `${s.az}, ${s.public ? 'public' : 'private'}${s.cidr ? `, ${s.cidr}` : ''}`,
        })),
        default: defaultSubnets(subnets),
        validate: (values) => {
          const azs = new Set(values.map((v) => subnets.find((s) => s.id === v)?.az));
          return azs.size < 2 ? 'pick subnets in at least two Availability Zones' : undefined;
        },
      },
    ];
  },
  validate(answers, ctx) {
    const ids = chosen(answers);
    const known = vpcSubnets(ctx);
    if (!known)
      return ids.length < 2 ? `${FLAG} needs at least two subnets in different Availability Zones` : undefined;
    const vpc = ctx.results.cluster?.vpcId ?? 'the instances\u2019 VPC';
    const unknown = ids.find((id) => !known.some((s) => s.id === id));
    if (unknown)
      return `${FLAG}: ${unknown} is not a subnet of ${vpc}; subnets: ${known.map((s) => `${s.id} (${s.az})`).join(', ')}`;
    const azs = new Set(ids.map((id) => known.find((s) => s.id === id)?.az));
    if (azs.size < 2) return `${FLAG} must span at least two Availability Zones (an ALB rule), got ${azs.size}`;
    return undefined;
  },
  execute(answers, deps) {
    const cluster = deps.context.results.cluster;
    if (!cluster) return Promise.reject(new Error('the cluster step has not run yet'));
    const ids = chosen(answers);
    const azs = [...new Set(ids.map((id) => cluster.subnets.find((s) => s.id === id)?.az ?? 'unknown'))];
    return Promise.resolve({ vpcId: cluster.vpcId, subnetIds: ids, azs });
  },
  summary: (r) => [`VPC ${r.vpcId}`, `subnets ${r.subnetIds.join(', ')} (${r.azs.join(', ')})`],
  cli: (_answers, result) => [
    awsCommand(
      'ec2 describe-subnets',
      ['--filters', `Name=vpc-id,Values=${val(result?.vpcId, 'VPC_ID')}`],
      queryText('Subnets[].[SubnetId,AvailabilityZone,MapPublicIpOnLaunch]'),
    ),
  ],
};
