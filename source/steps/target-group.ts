import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { elbOwnership } from '../aws/elbv2-tags.js';
import { isAwsError } from '../aws/errors.js';
import { stackNames } from '../aws/names.js';
import { retryWhile } from '../aws/retry.js';
import { stackTags } from '../aws/tags.js';
import { awsCommand, capture, cliTags, queryText, val } from './cli-text.js';
import { containerStopTimeoutSeconds, defaults, healthCheck } from './defaults.js';
import { need } from './results.js';
import type { TargetGroupResult } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import { createOnce } from './create-once.js';
import type { Step, StepDeps } from './types.js';

const PROMPT_PATH = 'Which path should the health check request? (must answer 200)';
const PROMPT_DELAY = 'How many seconds should a deregistered target drain? (AWS default 300)';

async function findTargetGroup(deps: StepDeps, name: string) {
  try {
    const out = await deps.clients.elbv2.send(new DescribeTargetGroupsCommand({ Names: [name] }), {
      abortSignal: deps.signal,
    });
    return out.TargetGroups?.[0];
  } catch (error) {
    if (isAwsError(error, 'TargetGroupNotFound')) return undefined;
    throw error;
  }
}

/**
 * The warning for a deregistration delay at or above the container's stop timeout (not a refusal:
 * it works, but a stopping task may be killed with requests still in flight). Undefined when shorter.
 */
export function drainWarning(delaySeconds: string | undefined): string | undefined {
  const delay = Number(delaySeconds ?? defaults.deregistrationDelay);
  if (!(delay >= containerStopTimeoutSeconds)) return undefined;
  return `warning: --deregistration-delay ${delay} is not shorter than the container's stop timeout (${containerStopTimeoutSeconds} s): ECS stops a task once its target has drained, and requests that are still running when the stop timeout ends are cut off; choose under ${containerStopTimeoutSeconds} s (default ${defaults.deregistrationDelay})`;
}

/** Step 5: an HTTP target group of type `instance` (bridge mode registers instance id + host port). */
export const targetGroupStep: Step<TargetGroupResult> = {
  id: 'target-group',
  title: 'Create the target group',
  why: `The ALB forwards to a target group; bridge-mode tasks register as instance id + dynamic host port, so the type is instance and its port 80 is only a placeholder. A deregistered target drains ${defaults.deregistrationDelay} s (AWS's default is 300 s): shorter than the container's ${containerStopTimeoutSeconds} s stop timeout, so requests finish before the task can be killed.`,
  keys: ['healthCheckPath', 'deregistrationDelay'],
  questions: (known) => textQuestions(known, { healthCheckPath: PROMPT_PATH, deregistrationDelay: PROMPT_DELAY }),
  validate: (answers) => checkAnswers(answers, ['healthCheckPath', 'deregistrationDelay']),
  async execute(answers, deps, record) {
    const cluster = need(deps.context.results, 'cluster');
    const name = stackNames(deps.stack).targetGroup;
    const warning = drainWarning(answers.deregistrationDelay);
    if (warning) deps.emit({ type: 'log', step: 'target-group', message: warning });
    try {
      // CreateTargetGroup is idempotent by name with the same settings, so a retried call whose
      // answer was lost returns the same group; a group of that name with other settings fails
      // with DuplicateTargetGroupName and is adopted only when it is this stack's.
      const { value: arn, how } = await createOnce<string>({
        find: async () => (await findTargetGroup(deps, name))?.TargetGroupArn,
        async create() {
          const out = await deps.clients.elbv2.send(
            new CreateTargetGroupCommand({
              Name: name,
              Protocol: 'HTTP',
              Port: 80,
              VpcId: cluster.vpcId,
              TargetType: 'instance',
              HealthCheckProtocol: 'HTTP',
              HealthCheckPath: answers.healthCheckPath,
              HealthCheckIntervalSeconds: healthCheck.intervalSeconds,
              HealthCheckTimeoutSeconds: healthCheck.timeoutSeconds,
              HealthyThresholdCount: healthCheck.healthyThreshold,
              UnhealthyThresholdCount: healthCheck.unhealthyThreshold,
              Matcher: { HttpCode: '200' },
              Tags: stackTags(deps.stack),
            }),
            { abortSignal: deps.signal },
          );
          const created = out.TargetGroups?.[0]?.TargetGroupArn;
          if (!created) throw new Error('CreateTargetGroup returned no ARN');
          return created;
        },
        duplicate: ['DuplicateTargetGroupName'],
        async claim(found) {
          if ((await elbOwnership(deps.clients.elbv2, found, deps.stack, deps.signal)) !== 'ours')
            throw new Error(
              `target group ${name} (${found}) exists but is not tagged for stack '${deps.stack}'; pick another --stack`,
            );
        },
      });
      record({ kind: 'target-group', id: arn, label: name }, how === 'found');
      await deps.clients.elbv2.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: answers.deregistrationDelay }],
        }),
        { abortSignal: deps.signal },
      );
      return { targetGroupArn: arn, name };
    } catch (cause) {
      throw new Error(`create target group ${name}`, { cause });
    }
  },
  async teardown(resource, deps) {
    try {
      const owner = await elbOwnership(deps.clients.elbv2, resource.id, deps.stack, deps.signal);
      if (owner === 'missing') return 'already-gone';
      if (owner === 'foreign') return 'not-ours';
      await retryWhile(
        `target group ${resource.label} to be free`,
        ['ResourceInUse'],
        () =>
          deps.clients.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: resource.id }), {
            abortSignal: deps.signal,
          }),
        deps,
        'a listener or rule still forwards to it (aws elbv2 describe-target-groups shows its LoadBalancerArns)',
        (attempt) =>
          deps.emit({
            type: 'log',
            step: 'target-group',
            message: `target group still in use (ResourceInUse), retry ${attempt}`,
          }),
      );
      return 'deleted';
    } catch (error) {
      if (isAwsError(error, 'TargetGroupNotFound')) return 'already-gone';
      throw new Error(`delete target group ${resource.label}`, { cause: error });
    }
  },
  summary: (r) => [`${r.name} ${r.targetGroupArn}`],
  cli(answers, result, ctx) {
    const stack = ctx?.stack ?? 'demo';
    const delay = answers.deregistrationDelay ?? defaults.deregistrationDelay;
    return [
      capture(
        'TG_ARN',
        result?.targetGroupArn,
        awsCommand(
          'elbv2 create-target-group',
          ['--name', stackNames(stack).targetGroup],
          ['--protocol', 'HTTP'],
          ['--port', 80],
          ['--vpc-id', val(ctx?.results.cluster?.vpcId, 'VPC_ID')],
          ['--target-type', 'instance'],
          ['--health-check-path', val(answers.healthCheckPath ?? defaults.healthCheckPath, 'HC_PATH')],
          ['--health-check-interval-seconds', healthCheck.intervalSeconds],
          ['--health-check-timeout-seconds', healthCheck.timeoutSeconds],
          ['--healthy-threshold-count', healthCheck.healthyThreshold],
          ['--unhealthy-threshold-count', healthCheck.unhealthyThreshold],
          ['--matcher', 'HttpCode=200'],
          ['--tags', cliTags(stack)],
          queryText('TargetGroups[0].TargetGroupArn'),
        ),
      ),
      awsCommand(
        'elbv2 modify-target-group-attributes',
        ['--target-group-arn', val(result?.targetGroupArn, 'TG_ARN')],
        ['--attributes', `Key=deregistration_delay.timeout_seconds,Value=${delay}`],
      ),
    ];
  },
};
