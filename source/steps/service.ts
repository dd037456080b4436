import { createHash } from 'node:crypto';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { isAwsError } from '../aws/errors.js';
import { stackNames } from '../aws/names.js';
import { ecsStackTags, hasStackTag } from '../aws/tags.js';
import { awsCommand, capture, queryText, sh, val, type CliOption } from './cli-text.js';
import type { Answers } from '../model/answers.js';
import { defaults, deploymentConfiguration } from './defaults.js';
import { waitForHealthyTargets } from './healthy-targets.js';
import { need } from './results.js';
import type { ServiceResult } from '../model/results.js';
import { checkAnswers, textQuestions } from './answer-table.js';
import { shownWait } from './shown-wait.js';
import type { Step, StepContext, StepDeps } from './types.js';

const PROMPT_COUNT = 'How many tasks should the service start with? (the memo started with 1)';

/** Seconds ECS ignores failing ALB health checks of a new task while it starts. */
export const HEALTH_CHECK_GRACE_SECONDS = 30;

async function describeService(deps: StepDeps, cluster: string, name: string): Promise<Service | undefined> {
  const out = await deps.clients.ecs.send(
    new DescribeServicesCommand({ cluster, services: [name], include: ['TAGS'] }),
    { abortSignal: deps.signal },
  );
  return out.services?.[0];
}

/** Same stack, cluster and family → same token: a retried CreateService never makes a second service. */
function clientToken(stack: string, cluster: string, taskDefinitionArn: string): string {
  return createHash('sha256').update(`${stack}|${cluster}|${taskDefinitionArn}`).digest('hex').slice(0, 32);
}

async function waitDrained(deps: StepDeps, cluster: string, name: string): Promise<void> {
  await shownWait<string>(deps, {
    step: 'service',
    id: 'service-inactive',
    what: `the earlier service ${name} to finish draining`,
    async check() {
      const status = (await describeService(deps, cluster, name))?.status ?? 'MISSING';
      return { done: status !== 'DRAINING', value: status, progress: status };
    },
  });
}

/** The capacity provider strategy on a cluster this stack created, else the EC2 launch type. */
function launchOrProvider(provider: string | undefined) {
  return provider
    ? { capacityProviderStrategy: [{ capacityProvider: provider, weight: 1, base: 0 }] }
    : { launchType: 'EC2' as const };
}

function capacityProviderOf(answers: Answers, ctx: StepContext | undefined): string | undefined {
  return answers.createCluster === 'true' ? stackNames(ctx?.stack ?? 'demo').capacityProvider : undefined;
}

function launchOrProviderCli(provider: string | undefined): CliOption[] {
  return provider
    ? [['--capacity-provider-strategy', `capacityProvider=${provider},weight=1,base=0`]]
    : [['--launch-type', 'EC2']];
}

/** `--deployment-configuration` in the aws CLI's shorthand. */
function deploymentConfigurationCli(): string {
  const { minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker: b } = deploymentConfiguration;
  return `maximumPercent=${maximumPercent},minimumHealthyPercent=${minimumHealthyPercent},deploymentCircuitBreaker={enable=${b.enable},rollback=${b.rollback}}`;
}

/** Step 10: the ECS service with the load balancer block, waited until its targets are healthy. */
export const serviceStep: Step<ServiceResult> = {
  id: 'service',
  title: 'Create the ECS service behind the load balancer',
  why: 'The service registers each task as instance id + dynamic host port in the target group. Since 2022 UpdateService can also change load balancers; we set it at creation. We wait for healthy targets, not just "stable". For changes without downtime: new tasks start before old ones stop (minimum healthy 100 %, maximum 200 %), failing ALB health checks are ignored for the first 30 s of a task (grace period), and the circuit breaker rolls a failing deployment back.',
  keys: ['desiredCount'],
  questions: (known) => textQuestions(known, { desiredCount: PROMPT_COUNT }),
  validate: (answers) => checkAnswers(answers, ['desiredCount']),
  async execute(answers, deps, record) {
    const { results } = deps.context;
    const cluster = need(results, 'cluster').clusterName;
    const tg = need(results, 'target-group');
    const td = need(results, 'task-definition');
    const names = stackNames(deps.stack);
    const desired = Number(answers.desiredCount);
    let existing: Service | undefined;
    try {
      existing = await describeService(deps, cluster, names.service);
      if (existing?.status === 'DRAINING') {
        await waitDrained(deps, cluster, names.service);
        existing = undefined;
      }
      if (existing?.status === 'ACTIVE' && existing.serviceArn) {
        if (!hasStackTag(existing.tags, deps.stack))
          throw new Error(
            `service ${names.service} exists in ${cluster} but is not tagged for stack '${deps.stack}'; pick another --stack`,
          );
        record({ kind: 'service', id: existing.serviceArn, label: names.service, details: { cluster } }, true);
      } else {
        const out = await deps.clients.ecs.send(
          new CreateServiceCommand({
            cluster,
            serviceName: names.service,
            taskDefinition: td.taskDefinitionArn,
            desiredCount: desired,
            // A cluster this stack created runs on its capacity provider; an existing one on EC2.
            ...launchOrProvider(results.capacity?.capacityProviderName),
            loadBalancers: [
              {
                targetGroupArn: tg.targetGroupArn,
                containerName: names.containerName,
                containerPort: Number(answers.containerPort ?? defaults.containerPort),
              },
            ],
            healthCheckGracePeriodSeconds: HEALTH_CHECK_GRACE_SECONDS,
            // Zero-downtime rolling updates: start new tasks first, keep every healthy one until a
            // new one is healthy, and roll a deployment whose tasks keep failing back.
            deploymentConfiguration: {
              minimumHealthyPercent: deploymentConfiguration.minimumHealthyPercent,
              maximumPercent: deploymentConfiguration.maximumPercent,
              deploymentCircuitBreaker: { ...deploymentConfiguration.deploymentCircuitBreaker },
            },
            // AWS's advice for availability: over AZs first, then over the instances within each.
            placementStrategy: [
              { type: 'spread', field: 'attribute:ecs.availability-zone' },
              { type: 'spread', field: 'instanceId' },
            ],
            clientToken: clientToken(deps.stack, cluster, td.taskDefinitionArn),
            tags: ecsStackTags(deps.stack),
            propagateTags: 'SERVICE',
          }),
          { abortSignal: deps.signal },
        );
        if (!out.service?.serviceArn) throw new Error('CreateService returned no ARN');
        record({ kind: 'service', id: out.service.serviceArn, label: names.service, details: { cluster } }, false);
        existing = out.service;
      }
    } catch (cause) {
      throw new Error(`create ECS service ${names.service}`, { cause });
    }
    if (!existing?.serviceArn) throw new Error(`create ECS service ${names.service}: no service ARN`);
    const serviceArn = existing.serviceArn;
    const target = {
      cluster,
      service: names.service,
      targetGroupArn: tg.targetGroupArn,
      desired: existing.desiredCount ?? desired,
    };
    const snap = await waitForHealthyTargets(deps, 'service', {
      ...target,
      ...(answers.hostPortRange ? { hostPortRange: answers.hostPortRange } : {}),
    });
    return { serviceArn, serviceName: names.service, desiredCount: target.desired, healthy: snap.healthy };
  },
  async teardown(resource, deps) {
    const cluster = resource.details?.cluster;
    if (!cluster) throw new Error('delete service: the recorded service lacks its cluster');
    try {
      const svc = await describeService(deps, cluster, resource.id);
      if (!svc || svc.status !== 'ACTIVE') return 'already-gone';
      if (!hasStackTag(svc.tags, deps.stack)) return 'not-ours';
      await deps.clients.ecs.send(new UpdateServiceCommand({ cluster, service: resource.id, desiredCount: 0 }), {
        abortSignal: deps.signal,
      });
      await deps.clients.ecs.send(new DeleteServiceCommand({ cluster, service: resource.id }), {
        abortSignal: deps.signal,
      });
    } catch (error) {
      if (isAwsError(error, 'ServiceNotActiveException', 'ServiceNotFoundException')) return 'already-gone';
      throw new Error(`delete ECS service ${resource.label}`, { cause: error });
    }
    // Polled rather than the SDK's waitUntilServicesInactive, which fails once ECS forgets the
    // service (MISSING): for teardown, forgotten is as good as INACTIVE.
    try {
      await shownWait<string>(deps, {
        step: 'service',
        id: 'service-inactive',
        what: `service ${resource.label} to drain and become INACTIVE`,
        usually: 'usually under 1 min (plus the deregistration delay)',
        async check() {
          const status = (await describeService(deps, cluster, resource.id))?.status ?? 'MISSING';
          return { done: status === 'INACTIVE' || status === 'MISSING', value: status, progress: status };
        },
        explainTimeout: () => 'its tasks are still draining from the target group (deregistration delay)',
      });
    } catch (cause) {
      throw new Error(`wait for service ${resource.label} to become INACTIVE`, { cause });
    }
    return 'deleted';
  },
  summary: (r) => [
    `${r.serviceName}: ${r.healthy}/${r.desiredCount} healthy targets`,
    r.serviceArn,
    `rolling updates: minimum healthy ${deploymentConfiguration.minimumHealthyPercent} %, maximum ${deploymentConfiguration.maximumPercent} % (new tasks before old ones stop), circuit breaker with rollback, ${HEALTH_CHECK_GRACE_SECONDS} s health check grace period`,
  ],
  cli(answers, result, ctx) {
    const names = stackNames(ctx?.stack ?? 'demo');
    const cluster = val(ctx?.results.cluster?.clusterName ?? answers.cluster, 'CLUSTER');
    const tg = val(ctx?.results['target-group']?.targetGroupArn, 'TG_ARN');
    const lb = [
      `targetGroupArn=${tg}`,
      `containerName=${names.containerName}`,
      `containerPort=${answers.containerPort ?? defaults.containerPort}`,
    ].join(',');
    return [
      capture(
        'SERVICE_ARN',
        result?.serviceArn,
        awsCommand(
          'ecs create-service',
          ['--cluster', cluster],
          ['--service-name', names.service],
          ['--task-definition', val(ctx?.results['task-definition']?.taskDefinitionArn, 'TASK_DEF_ARN')],
          ['--desired-count', answers.desiredCount ?? defaults.desiredCount],
          ...launchOrProviderCli(ctx?.results.capacity?.capacityProviderName ?? capacityProviderOf(answers, ctx)),
          ['--load-balancers', lb],
          ['--health-check-grace-period-seconds', HEALTH_CHECK_GRACE_SECONDS],
          ['--deployment-configuration', deploymentConfigurationCli()],
          ['--placement-strategy', 'type=spread,field=attribute:ecs.availability-zone', 'type=spread,field=instanceId'],
          ['--tags', `key=ecs-alb-wizard:stack,value=${sh(ctx?.stack ?? 'demo')}`],
          queryText('service.serviceArn'),
        ),
      ),
      awsCommand('ecs wait services-stable', ['--cluster', cluster], ['--services', names.service]),
      awsCommand(
        'elbv2 describe-target-health',
        ['--target-group-arn', tg],
        queryText('TargetHealthDescriptions[].[Target.Id,Target.Port,TargetHealth.State]'),
      ),
    ];
  },
};
