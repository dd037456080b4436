import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateTargetGroupCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkAnswers } from '../../source/steps/answer-table.js';
import { containerStopTimeoutSeconds, defaults } from '../../source/steps/defaults.js';
import { serviceStep } from '../../source/steps/service.js';
import { drainWarning, targetGroupStep } from '../../source/steps/target-group.js';
import { taskDefinitionStep } from '../../source/steps/task-definition.js';
import { awsError, baseResults, fakeStepDeps, mocks } from './aws-mocks.js';

beforeEach(() => mocks.reset());

const ecsTag = [{ key: 'ecs-alb-wizard:stack', value: 'demo' }];

describe('zero-downtime defaults', () => {
  it('Given a new service, Then it rolls 100 % / 200 % with the circuit breaker rolling back and a 30 s grace period, in the SDK call and its aws CLI twin', async () => {
    mocks.ecs.on(CreateServiceCommand).resolves({ service: { serviceArn: 'arn:svc/demo-svc', desiredCount: 1 } });
    mocks.ecs
      .on(DescribeServicesCommand)
      .callsFake((input: { include?: string[] }) =>
        input.include ? { services: [] } : { services: [{ desiredCount: 1, runningCount: 1, deployments: [{}] }] },
      );
    mocks.elbv2.on(DescribeTargetHealthCommand).resolves({
      TargetHealthDescriptions: [
        { Target: { Id: 'i-0abc00000000000a1', Port: 32768 }, TargetHealth: { State: 'healthy' } },
      ],
    });
    const { deps, record } = fakeStepDeps({
      cluster: baseResults.cluster!,
      'target-group': baseResults['target-group']!,
      'task-definition': baseResults['task-definition']!,
    });
    const result = await serviceStep.execute({ desiredCount: '1', containerPort: '4567' }, deps, record);

    const input = mocks.ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input;
    expect(input.deploymentConfiguration).toEqual({
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
    });
    expect(input.healthCheckGracePeriodSeconds).toBe(30);
    expect(serviceStep.cli({ desiredCount: '1' }).join('\n')).toContain(
      '--deployment-configuration maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=true}',
    );
    // And each is shown with its why
    expect(serviceStep.why).toMatch(/minimum healthy 100 %, maximum 200 %/);
    expect(serviceStep.why).toMatch(/circuit breaker rolls a failing deployment back/);
    expect(serviceStep.summary(result).join('\n')).toContain(
      'circuit breaker with rollback, 30 s health check grace period',
    );
  });

  it('Given a new task definition, Then its container sets stopTimeout 30 s; a registration without it is not reused', async () => {
    mocks.ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: 'arn:td/demo-hostname:3',
        revision: 3,
        status: 'ACTIVE',
        networkMode: 'bridge',
        containerDefinitions: [
          {
            name: 'hostname',
            image: 'me/app:1',
            memoryReservation: 256,
            portMappings: [{ containerPort: 8080, hostPort: 0 }],
          },
        ],
      },
      tags: ecsTag,
    });
    mocks.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] });
    mocks.ecs.on(RegisterTaskDefinitionCommand).resolves({
      taskDefinition: { taskDefinitionArn: 'arn:td/demo-hostname:4', family: 'demo-hostname', revision: 4 },
    });
    const { deps, record } = fakeStepDeps();
    await taskDefinitionStep.execute({ image: 'me/app:1', containerPort: '8080', memory: '256' }, deps, record);

    const calls = mocks.ecs.commandCalls(RegisterTaskDefinitionCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.containerDefinitions?.[0]?.stopTimeout).toBe(30);
    expect(taskDefinitionStep.cli({ image: 'me/app:1' }).join('\n')).toContain('"stopTimeout":30');
    expect(taskDefinitionStep.why).toMatch(/stopTimeout is set to 30 s/);
  });

  it('Given the default deregistration delay, Then it is 20 s, shorter than the stop timeout, and no warning is written', () => {
    expect(Number(defaults.deregistrationDelay)).toBe(20);
    expect(Number(defaults.deregistrationDelay)).toBeLessThan(containerStopTimeoutSeconds);
    expect(drainWarning(undefined)).toBeUndefined();
    expect(drainWarning('29')).toBeUndefined();
    expect(targetGroupStep.cli({}).join('\n')).toContain('Key=deregistration_delay.timeout_seconds,Value=20');
    expect(targetGroupStep.why).toMatch(/drains 20 s .*shorter than the container's 30 s stop timeout/);
  });

  it('Given --deregistration-delay 30 (at the stop timeout), Then it is accepted, and a warning line names the flag and why before the group is created', async () => {
    expect(checkAnswers({ deregistrationDelay: '30' }, ['deregistrationDelay'])).toBeUndefined();
    mocks.elbv2.on(DescribeTargetGroupsCommand).rejects(awsError('TargetGroupNotFoundException'));
    mocks.elbv2.on(CreateTargetGroupCommand).resolves({ TargetGroups: [{ TargetGroupArn: 'arn:tg/demo-tg' }] });
    mocks.elbv2.on(ModifyTargetGroupAttributesCommand).resolves({});
    const { deps, record, events } = fakeStepDeps({ cluster: baseResults.cluster! });
    await targetGroupStep.execute({ healthCheckPath: '/hostname', deregistrationDelay: '30' }, deps, record);

    const logs = events.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs).toEqual([
      "warning: --deregistration-delay 30 is not shorter than the container's stop timeout (30 s): ECS stops a task once its target has drained, and requests that are still running when the stop timeout ends are cut off; choose under 30 s (default 20)",
    ]);
    expect(mocks.elbv2.commandCalls(ModifyTargetGroupAttributesCommand)[0]!.args[0].input.Attributes).toEqual([
      { Key: 'deregistration_delay.timeout_seconds', Value: '30' },
    ]);
  });
});
