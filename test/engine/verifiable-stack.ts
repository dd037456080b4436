import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type Task,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand, type TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { StepId } from '../../source/model/steps.js';
import type { SavedVerifications } from '../../source/model/verifications.js';
import { STATE_VERSION, type StackRecord } from '../../source/state/schema.js';
import { baseResults, mocks } from '../steps/aws-mocks.js';

export const DNS = 'demo-alb-1.elb.amazonaws.com';
export const [CI_A, CI_C] = ['arn:ci/1', 'arn:ci/2'];
export const [I_A, I_C] = ['i-0abc00000000000a1', 'i-0abc00000000000c2'];

export function task(id: string, runtimeId: string, instance: string, hostPort: number): Task {
  return {
    taskArn: `arn:aws:ecs:ap-northeast-1:123456789012:task/ecs-demo/${id}`,
    lastStatus: 'RUNNING',
    containerInstanceArn: instance,
    containers: [{ name: 'app', runtimeId, networkBindings: [{ containerPort: 4567, hostPort }] }],
  };
}
export const T1 = task('0f1e2d3c4b5a69788796a5b4c3d2e1f0', '3f2a9b1c0d4e5f60718293a4b5c6d7e8', CI_A, 32768);
export const T2 = task('a5ada81c00000000000000000000beef', '77aa00bb11cc22dd33ee44ff55667788', CI_C, 32771);
export const targetOf = (
  id: string,
  port: number,
  state: 'healthy' | 'unhealthy' | 'initial',
  reason?: string,
): TargetHealthDescription =>
  ({
    Target: { Id: id, Port: port },
    TargetHealth: { State: state, ...(reason ? { Reason: reason } : {}) },
  }) as TargetHealthDescription;
export const bothHealthy = {
  TargetHealthDescriptions: [targetOf(I_A, 32768, 'healthy'), targetOf(I_C, 32771, 'healthy')],
};

/** A stand-in for the ALB on 127.0.0.1: round-robins over the given container hostnames. */
export async function startLoadBalancer(hostnames: string[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/hostname') return res.writeHead(404).end();
    res.end(`${hostnames[next++ % hostnames.length]}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** The local port a started server listens on. */
export const portOf = (server: Server): number => (server.address() as AddressInfo).port;

/** ECS answering for a service of 2 RUNNING tasks (T1, T2) on two container instances. */
export function mockTwoTasks(): void {
  mocks.ecs
    .on(DescribeServicesCommand)
    .resolves({ services: [{ desiredCount: 2, runningCount: 2, deployments: [{ status: 'PRIMARY' }] }] });
  mocks.ecs.on(ListTasksCommand).resolves({ taskArns: [T1.taskArn ?? '', T2.taskArn ?? ''] });
  mocks.ecs.on(DescribeTasksCommand).resolves({ tasks: [T1, T2] });
  mocks.ecs.on(DescribeContainerInstancesCommand).resolves({
    containerInstances: [
      { containerInstanceArn: CI_A, ec2InstanceId: I_A },
      { containerInstanceArn: CI_C, ec2InstanceId: I_C },
    ],
  });
}

/** Both tasks' targets healthy. */
export function mockBothHealthy(): void {
  mocks.elbv2.on(DescribeTargetHealthCommand).resolves(bothHealthy);
}

const allSteps: StepId[] = [
  'account',
  'cluster',
  'network',
  'security-groups',
  'target-group',
  'load-balancer',
  'listener',
  'service-role',
  'task-definition',
  'service',
  'scale-out',
];

/** `2025-12-01T10:00:00.000Z` plus `minutes`: the times a finished stack's record speaks of. */
export const at = (minutes: number): string =>
  new Date(Date.parse('2025-12-01T10:00:00.000Z') + minutes * 60_000).toISOString();

/**
 * The record of a stack whose 11 steps are all done (at `at(0)`, or when `doneAt` says), its
 * service at 2 tasks, with the given saved verifications.
 */
export function finishedRecord(
  options: { doneAt?: Partial<Record<StepId, string>>; verifications?: SavedVerifications } = {},
): StackRecord {
  return {
    version: STATE_VERSION,
    stack: 'demo',
    region: 'ap-northeast-1',
    createdAt: at(0),
    updatedAt: at(0),
    answers: {},
    steps: Object.fromEntries(allSteps.map((id) => [id, { status: 'done', updatedAt: options.doneAt?.[id] ?? at(0) }])),
    results: {
      ...baseResults,
      'load-balancer': {
        loadBalancerArn: 'arn:lb/demo-alb',
        name: 'demo-alb',
        dnsName: DNS,
        scheme: 'internet-facing',
      },
      service: { serviceArn: 'arn:svc/demo', serviceName: 'demo-service', desiredCount: 1, healthy: 1 },
      'scale-out': { desiredCount: 2, healthy: 2 },
    },
    resources: [],
    ...(options.verifications ? { verifications: options.verifications } : {}),
  };
}
