import {
  CreateLoadBalancerCommand,
  DeleteLoadBalancerCommand,
  DescribeLoadBalancersCommand,
  waitUntilLoadBalancersDeleted,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbOwnership } from '../aws/elbv2-tags.js';
import { isAwsError } from '../aws/errors.js';
import { stackNames } from '../aws/names.js';
import { stackTags } from '../aws/tags.js';
import { awsCommand, capture, cliTags, queryText, val } from './cli-text.js';
import { defaults } from './defaults.js';
import { need } from './results.js';
import type { LoadBalancerResult } from '../model/results.js';
import { answerTable, checkAnswers } from './answer-table.js';
import { shownWait } from './shown-wait.js';
import { createOnce } from './create-once.js';
import type { Step, StepDeps } from './types.js';

const PROMPT_SCHEME = 'Should the load balancer be reachable from the internet?';

async function describe(
  deps: StepDeps,
  query: { Names: string[] } | { LoadBalancerArns: string[] },
): Promise<LoadBalancer | undefined> {
  try {
    const out = await deps.clients.elbv2.send(new DescribeLoadBalancersCommand(query), { abortSignal: deps.signal });
    return out.LoadBalancers?.[0];
  } catch (error) {
    if (isAwsError(error, 'LoadBalancerNotFound')) return undefined;
    throw error;
  }
}

/** Waits bounded until the ALB is `active`; a `failed` state ends the wait with AWS's reason. */
async function waitActive(deps: StepDeps, arn: string, name: string): Promise<LoadBalancer> {
  return shownWait<LoadBalancer | undefined>(deps, {
    step: 'load-balancer',
    id: 'load-balancer-active',
    what: `load balancer ${name} to become active`,
    usually: 'usually 2-4 min on AWS',
    async check() {
      const lb = await describe(deps, { LoadBalancerArns: [arn] });
      const state = lb?.State?.Code ?? 'missing';
      if (state === 'failed')
        throw new Error(`load balancer ${name} failed to provision: ${lb?.State?.Reason ?? 'no reason given'}`);
      return { done: state === 'active', value: lb, progress: state };
    },
    explainTimeout: () => 'AWS is still provisioning it; check the subnets have free IP addresses',
  }).then((lb) => lb!);
}

/** Step 6: the ALB in the chosen subnets with its own security group, waited until active. */
export const loadBalancerStep: Step<LoadBalancerResult> = {
  id: 'load-balancer',
  title: 'Create the Application Load Balancer',
  why: 'As in the memo, the ALB comes first with its target group still empty. It takes a few minutes to provision; the wait is bounded and shown.',
  keys: ['scheme'],
  questions(known) {
    if (known.scheme !== undefined) return [];
    return [
      {
        key: 'scheme',
        flag: answerTable.scheme.flag,
        kind: 'select',
        message: PROMPT_SCHEME,
        choices: [
          { value: 'internet-facing', label: 'internet-facing', hint: 'public DNS name, reachable from --allow-cidr' },
          { value: 'internal', label: 'internal', hint: 'reachable only inside the VPC' },
        ],
        default: answerTable.scheme.default,
      },
    ];
  },
  validate: (answers) => checkAnswers(answers, ['scheme']),
  async execute(answers, deps, record) {
    const network = need(deps.context.results, 'network');
    const groups = need(deps.context.results, 'security-groups');
    const name = stackNames(deps.stack).loadBalancer;
    let arn: string;
    try {
      // CreateLoadBalancer is idempotent by name with the same settings (a retried call whose
      // answer was lost returns the same ALB); one of that name with other settings fails with
      // DuplicateLoadBalancerName and is adopted only when it is this stack's.
      const { value, how } = await createOnce<string>({
        find: async () => (await describe(deps, { Names: [name] }))?.LoadBalancerArn,
        async create() {
          const out = await deps.clients.elbv2.send(
            new CreateLoadBalancerCommand({
              Name: name,
              Type: 'application',
              Scheme: answers.scheme as 'internet-facing' | 'internal',
              IpAddressType: 'ipv4',
              Subnets: network.subnetIds,
              SecurityGroups: [groups.albSecurityGroupId],
              Tags: stackTags(deps.stack),
            }),
            { abortSignal: deps.signal },
          );
          const created = out.LoadBalancers?.[0]?.LoadBalancerArn;
          if (!created) throw new Error('CreateLoadBalancer returned no ARN');
          return created;
        },
        duplicate: ['DuplicateLoadBalancerName'],
        async claim(found) {
          if ((await elbOwnership(deps.clients.elbv2, found, deps.stack, deps.signal)) !== 'ours')
            throw new Error(
              `load balancer ${name} exists but is not tagged for stack '${deps.stack}'; pick another --stack`,
            );
        },
      });
      arn = value;
      record({ kind: 'load-balancer', id: arn, label: name }, how === 'found');
    } catch (cause) {
      throw new Error(`create load balancer ${name}`, { cause });
    }
    const lb = await waitActive(deps, arn, name);
    return { loadBalancerArn: arn, name, dnsName: lb.DNSName ?? '', scheme: lb.Scheme ?? answers.scheme! };
  },
  async teardown(resource, deps) {
    try {
      const owner = await elbOwnership(deps.clients.elbv2, resource.id, deps.stack, deps.signal);
      if (owner === 'missing') return 'already-gone';
      if (owner === 'foreign') return 'not-ours';
      await deps.clients.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: resource.id }), {
        abortSignal: deps.signal,
      });
    } catch (error) {
      if (isAwsError(error, 'LoadBalancerNotFound')) return 'already-gone';
      throw new Error(`delete load balancer ${resource.label}`, { cause: error });
    }
    const startedAt = deps.now();
    const wait = {
      type: 'wait',
      step: 'load-balancer',
      id: 'load-balancer-deleted',
      what: `load balancer ${resource.label} to be deleted`,
      usually: 'usually under 1 min',
      startedAt,
    } as const;
    deps.emit(wait);
    let ok = false;
    try {
      await waitUntilLoadBalancersDeleted(
        {
          client: deps.clients.elbv2,
          maxWaitTime: Math.max(1, Math.round(deps.waits.timeoutMs / 1000)),
          minDelay: Math.max(1, Math.round(deps.waits.minDelayMs / 1000)),
          maxDelay: Math.max(1, Math.round(deps.waits.maxDelayMs / 1000)),
          abortSignal: deps.signal,
        },
        { LoadBalancerArns: [resource.id] },
      );
      ok = true;
    } catch (cause) {
      throw new Error(`wait for load balancer ${resource.label} to be deleted (raise --wait-timeout to wait longer)`, {
        cause,
      });
    } finally {
      deps.emit({ type: 'wait-end', step: 'load-balancer', id: wait.id, ok, elapsedMs: deps.now() - startedAt });
    }
    return 'deleted';
  },
  summary: (r) => [`${r.name} (${r.scheme})`, `DNS ${r.dnsName}`, r.loadBalancerArn],
  cli(answers, result, ctx) {
    const stack = ctx?.stack ?? 'demo';
    const subnets = ctx?.results.network?.subnetIds.join(' ') ?? '$SUBNET_IDS';
    return [
      capture(
        'ALB_ARN',
        result?.loadBalancerArn,
        awsCommand(
          'elbv2 create-load-balancer',
          ['--name', stackNames(stack).loadBalancer],
          ['--type', 'application'],
          ['--scheme', answers.scheme ?? defaults.scheme],
          ['--subnets', subnets],
          ['--security-groups', val(ctx?.results['security-groups']?.albSecurityGroupId, 'ALB_SG_ID')],
          ['--tags', cliTags(stack)],
          queryText('LoadBalancers[0].LoadBalancerArn'),
        ),
      ),
      awsCommand('elbv2 wait load-balancer-available', [
        '--load-balancer-arns',
        val(result?.loadBalancerArn, 'ALB_ARN'),
      ]),
    ];
  },
};
