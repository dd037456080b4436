import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateServiceLinkedRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedResource } from '../../source/model/resources.js';
import { scaleOutStep } from '../../source/steps/scale-out.js';
import { serviceRoleStep } from '../../source/steps/service-role.js';
import { serviceStep } from '../../source/steps/service.js';
import { taskDefinitionStep } from '../../source/steps/task-definition.js';
import { awsError, baseResults, fakeStepDeps, mocks } from './aws-mocks.js';

beforeEach(() => mocks.reset());

const ecsTag = [{ key: 'ecs-alb-wizard:stack', value: 'demo' }];
const target = (port: number, state: string, reason?: string) =>
  ({
    Target: { Id: 'i-0abc00000000000a1', Port: port },
    TargetHealth: { State: state, ...(reason ? { Reason: reason } : {}) },
  }) as never;

describe('service-role step', () => {
  it('Given the role is missing, Then it creates the service-linked role and records it (never a role on the service)', async () => {
    mocks.iam
      .on(GetRoleCommand)
      .rejects(awsError('NoSuchEntityException', 'The role with name AWSServiceRoleForECS cannot be found.', 404));
    mocks.iam.on(CreateServiceLinkedRoleCommand).resolves({
      Role: { Arn: 'arn:role/slr', RoleName: 'AWSServiceRoleForECS', Path: '/', RoleId: 'x', CreateDate: new Date() },
    });
    const { deps, record, recorded } = fakeStepDeps();
    expect(await serviceRoleStep.execute({}, deps, record)).toEqual({
      roleName: 'AWSServiceRoleForECS',
      roleArn: 'arn:role/slr',
      created: true,
    });
    expect(mocks.iam.commandCalls(CreateServiceLinkedRoleCommand)[0]!.args[0].input).toEqual({
      AWSServiceName: 'ecs.amazonaws.com',
    });
    expect(recorded[0]?.resource.kind).toBe('service-linked-role');
  });

  it('Given it exists, Then nothing is created or recorded', async () => {
    mocks.iam.on(GetRoleCommand).resolves({
      Role: { Arn: 'arn:role/slr', RoleName: 'AWSServiceRoleForECS', Path: '/', RoleId: 'x', CreateDate: new Date() },
    });
    const { deps, record, recorded } = fakeStepDeps();
    expect((await serviceRoleStep.execute({}, deps, record)).created).toBe(false);
    expect(recorded).toEqual([]);
  });

  it('Given teardown, Then the account-wide role is kept and the user is told why', async () => {
    const { deps, events } = fakeStepDeps();
    expect(
      await serviceRoleStep.teardown!(
        { kind: 'service-linked-role', id: 'arn', label: 'AWSServiceRoleForECS', step: 'service-role', createdAt: '' },
        deps,
      ),
    ).toBe('kept');
    expect(events[0]).toMatchObject({
      type: 'log',
      message: expect.stringMatching(/account-wide and ECS needs it/) as unknown,
    });
  });
});

describe('task-definition step', () => {
  it('Given none, Then it registers bridge mode, hostPort 0, the memory reservation and the default image serving /hostname', async () => {
    mocks.ecs
      .on(DescribeTaskDefinitionCommand)
      .rejects(awsError('ClientException', 'Unable to describe task definition.'));
    mocks.ecs
      .on(RegisterTaskDefinitionCommand)
      .resolves({ taskDefinition: { taskDefinitionArn: 'arn:td/demo-hostname:1', revision: 1 } });
    mocks.ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: ['arn:td/demo-hostname:1'] });
    const { deps, record, recorded } = fakeStepDeps();
    const result = await taskDefinitionStep.execute(
      { image: 'public.ecr.aws/docker/library/busybox:stable', containerPort: '4567', memory: '128' },
      deps,
      record,
    );
    expect(result).toEqual({ taskDefinitionArn: 'arn:td/demo-hostname:1', family: 'demo-hostname', revision: 1 });
    const input = mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ family: 'demo-hostname', networkMode: 'bridge' });
    expect(input.tags).toEqual(expect.arrayContaining(ecsTag));
    expect(input.containerDefinitions?.[0]).toMatchObject({
      memoryReservation: 128,
      portMappings: [{ containerPort: 4567, hostPort: 0, protocol: 'tcp' }],
      command: ['mkdir -p /www && hostname > /www/hostname && exec httpd -f -p 4567 -h /www'],
      // set explicitly, and longer than the default deregistration delay (20 s)
      stopTimeout: 30,
    });
    expect(recorded).toHaveLength(1);
  });

  it('Given the same definition is already registered (rerun), Then it is reused; a user image gets no command', async () => {
    const container = {
      name: 'hostname',
      image: 'me/app:1',
      memoryReservation: 256,
      portMappings: [{ containerPort: 8080, hostPort: 0 }],
      stopTimeout: 30,
    };
    mocks.ecs.on(DescribeTaskDefinitionCommand).resolves({
      taskDefinition: {
        taskDefinitionArn: 'arn:td/demo-hostname:3',
        revision: 3,
        status: 'ACTIVE',
        networkMode: 'bridge',
        containerDefinitions: [container],
      },
      tags: ecsTag,
    });
    const { deps, record, recorded } = fakeStepDeps();
    await taskDefinitionStep.execute({ image: 'me/app:1', containerPort: '8080', memory: '256' }, deps, record);
    expect(mocks.ecs.commandCalls(RegisterTaskDefinitionCommand)).toHaveLength(0);
    expect(recorded[0]).toMatchObject({ reused: true, resource: { id: 'arn:td/demo-hostname:3' } });
  });

  it('Given teardown, Then only a definition carrying the stack tag is deregistered', async () => {
    const td: RecordedResource = {
      kind: 'task-definition',
      id: 'arn:td/demo-hostname:1',
      label: 'demo-hostname:1',
      step: 'task-definition',
      createdAt: '',
    };
    mocks.ecs.on(ListTagsForResourceCommand).resolvesOnce({ tags: [] }).resolves({ tags: ecsTag });
    mocks.ecs.on(DeregisterTaskDefinitionCommand).resolves({});
    const { deps } = fakeStepDeps();
    expect(await taskDefinitionStep.teardown!(td, deps)).toBe('not-ours');
    expect(await taskDefinitionStep.teardown!(td, deps)).toBe('deleted');
    expect(mocks.ecs.commandCalls(DeregisterTaskDefinitionCommand)).toHaveLength(1);
  });
});

describe('service step', () => {
  const results = {
    cluster: baseResults.cluster!,
    'target-group': baseResults['target-group']!,
    'task-definition': baseResults['task-definition']!,
  };

  it('Given no service, Then it creates it with the load balancer block and a client token, records it, and waits for healthy == desired', async () => {
    mocks.ecs
      .on(CreateServiceCommand)
      .resolves({ service: { serviceArn: 'arn:svc/demo-svc', desiredCount: 1, status: 'ACTIVE' } });
    mocks.ecs
      .on(DescribeServicesCommand)
      .callsFake((input: { include?: string[] }) =>
        input.include ? { services: [] } : { services: [{ desiredCount: 1, runningCount: 1, deployments: [{}] }] },
      );
    mocks.elbv2
      .on(DescribeTargetHealthCommand)
      .resolvesOnce({ TargetHealthDescriptions: [target(32768, 'initial', 'Elb.InitialHealthChecking')] })
      .resolves({ TargetHealthDescriptions: [target(32768, 'healthy')] });
    const { deps, record, recorded, events } = fakeStepDeps(results);
    const result = await serviceStep.execute({ desiredCount: '1', containerPort: '4567' }, deps, record);
    expect(result).toEqual({ serviceArn: 'arn:svc/demo-svc', serviceName: 'demo-svc', desiredCount: 1, healthy: 1 });
    const input = mocks.ecs.commandCalls(CreateServiceCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      cluster: 'ecs-demo',
      serviceName: 'demo-svc',
      desiredCount: 1,
      launchType: 'EC2',
      loadBalancers: [{ targetGroupArn: 'arn:tg/demo-tg', containerName: 'hostname', containerPort: 4567 }],
      healthCheckGracePeriodSeconds: 30,
      // Over AZs first, then instances: a lone AZ never holds all the tasks while another has room
      placementStrategy: [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'spread', field: 'instanceId' },
      ],
      tags: ecsTag,
    });
    expect(serviceStep.cli({ desiredCount: '1' }).join('\n')).toContain(
      '--placement-strategy type=spread,field=attribute:ecs.availability-zone type=spread,field=instanceId',
    );
    expect(input.role).toBeUndefined();
    expect(input.clientToken).toMatch(/^[0-9a-f]{32}$/);
    expect(recorded).toHaveLength(1);
    const waits = events.flatMap((e) => (e.type === 'wait' && e.progress ? [e.progress] : []));
    expect(waits).toEqual(['healthy 0/1, running 1/1', 'healthy 1/1, running 1/1']);
    expect(events.find((e) => e.type === 'wait' && e.targets)).toMatchObject({
      targets: [
        { instanceId: 'i-0abc00000000000a1', port: 32768, state: 'initial', reason: 'Elb.InitialHealthChecking' },
      ],
    });
  });

  it('Given targets time out on health checks, Then the wait fails naming the security group rule', async () => {
    mocks.ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          serviceArn: 'arn:svc/demo-svc',
          status: 'ACTIVE',
          desiredCount: 1,
          runningCount: 1,
          deployments: [{}],
          tags: ecsTag,
        },
      ],
    });
    mocks.elbv2
      .on(DescribeTargetHealthCommand)
      .resolves({ TargetHealthDescriptions: [target(32768, 'unhealthy', 'Target.Timeout')] });
    const { deps, record } = fakeStepDeps(results);
    await expect(serviceStep.execute({ desiredCount: '1' }, deps, record)).rejects.toThrow(
      /timed out after 60s waiting for 1 healthy target for service demo-svc \(healthy 0\/1, running 1\/1\): targets time out on their health checks \(Target\.Timeout\): the instances' security group must allow the ALB security group on 32768-65535/,
    );
    expect(mocks.ecs.commandCalls(CreateServiceCommand)).toHaveLength(0);
  });

  it('Given teardown, Then it scales to 0, deletes, and waits for INACTIVE; a DRAINING service counts as gone', async () => {
    const svc: RecordedResource = {
      kind: 'service',
      id: 'arn:svc/demo-svc',
      label: 'demo-svc',
      step: 'service',
      createdAt: '',
      details: { cluster: 'ecs-demo' },
    };
    mocks.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [{ serviceArn: 'arn:svc/demo-svc', status: 'ACTIVE', tags: ecsTag }] })
      .resolves({ services: [{ serviceArn: 'arn:svc/demo-svc', status: 'INACTIVE' }] });
    mocks.ecs.on(UpdateServiceCommand).resolves({});
    mocks.ecs.on(DeleteServiceCommand).resolves({});
    const { deps } = fakeStepDeps();
    expect(await serviceStep.teardown!(svc, deps)).toBe('deleted');
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toMatchObject({ desiredCount: 0 });
    expect(mocks.ecs.commandCalls(DeleteServiceCommand)).toHaveLength(1);

    mocks.reset();
    mocks.ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ serviceArn: 'arn:svc/demo-svc', status: 'DRAINING' }] });
    expect(await serviceStep.teardown!(svc, deps)).toBe('already-gone');
    expect(mocks.ecs.commandCalls(DeleteServiceCommand)).toHaveLength(0);
  });
});

describe('service teardown when ECS forgets the service', () => {
  it('Given the deleted service turns MISSING instead of INACTIVE, Then teardown still counts it as deleted', async () => {
    const svc: RecordedResource = {
      kind: 'service',
      id: 'arn:svc/demo-svc',
      label: 'demo-svc',
      step: 'service',
      createdAt: '',
      details: { cluster: 'ecs-demo' },
    };
    mocks.ecs
      .on(DescribeServicesCommand)
      .resolvesOnce({ services: [{ serviceArn: 'arn:svc/demo-svc', status: 'ACTIVE', tags: ecsTag }] })
      .resolvesOnce({ services: [{ serviceArn: 'arn:svc/demo-svc', status: 'DRAINING' }] })
      .resolves({ services: [], failures: [{ arn: 'arn:svc/demo-svc', reason: 'MISSING' }] });
    mocks.ecs.on(UpdateServiceCommand).resolves({});
    mocks.ecs.on(DeleteServiceCommand).resolves({});
    const { deps, events } = fakeStepDeps();
    expect(await serviceStep.teardown!(svc, deps)).toBe('deleted');
    expect(events.flatMap((e) => (e.type === 'wait' && e.progress ? [e.progress] : []))).toEqual([
      'DRAINING',
      'MISSING',
    ]);
  });
});

describe('scale-out step', () => {
  it('Given --scale-to 3, Then it updates the desired count and waits until 3 targets are healthy', async () => {
    mocks.ecs.on(UpdateServiceCommand).resolves({});
    mocks.ecs
      .on(DescribeServicesCommand)
      .resolves({ services: [{ desiredCount: 3, runningCount: 3, deployments: [{}] }] });
    mocks.elbv2
      .on(DescribeTargetHealthCommand)
      .resolvesOnce({
        TargetHealthDescriptions: [target(32768, 'healthy'), target(32769, 'initial'), target(32770, 'initial')],
      })
      .resolves({
        TargetHealthDescriptions: [target(32768, 'healthy'), target(32769, 'healthy'), target(32770, 'healthy')],
      });
    const { deps, record } = fakeStepDeps({
      cluster: baseResults.cluster!,
      'target-group': baseResults['target-group']!,
    });
    expect(await scaleOutStep.execute({ scaleTo: '3' }, deps, record)).toEqual({ desiredCount: 3, healthy: 3 });
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)[0]!.args[0].input).toEqual({
      cluster: 'ecs-demo',
      service: 'demo-svc',
      desiredCount: 3,
    });
  });
});
