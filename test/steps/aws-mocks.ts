import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { CallWatch } from '../../source/aws/call-watch.js';
import type { AwsClients } from '../../source/aws/clients.js';
import type { RunnerEvent } from '../../source/model/events.js';
import type { StepResults } from '../../source/model/results.js';
import type { NewResource, StepDeps } from '../../source/steps/types.js';

/** One registry of SDK mocks (aws-cdk style); call `reset()` in beforeEach. */
export const mocks = {
  ecs: mockClient(ECSClient),
  elbv2: mockClient(ElasticLoadBalancingV2Client),
  ec2: mockClient(EC2Client),
  iam: mockClient(IAMClient),
  sts: mockClient(STSClient),
  autoScaling: mockClient(AutoScalingClient),
  ssm: mockClient(SSMClient),
  reset() {
    for (const m of [this.ecs, this.elbv2, this.ec2, this.iam, this.sts, this.autoScaling, this.ssm]) m.reset();
  },
};

const config = {
  region: 'ap-northeast-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

/** Real SDK clients whose `send` the mocks above intercept. */
export function mockedClients(): AwsClients {
  return {
    region: 'ap-northeast-1',
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    ec2: new EC2Client(config),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    autoScaling: new AutoScalingClient(config),
    ssm: new SSMClient(config),
    calls: new CallWatch({ afterMs: 3_000, everyMs: 1_000 }),
  };
}

/** An AWS-style error as the SDK throws it: matched by `name`. */
export function awsError(name: string, message = name, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/** Step deps on a fake clock: `sleep` advances time instantly, events and records are collected. */
export function fakeStepDeps(results: StepResults = {}, stack = 'demo') {
  let clock = 1_700_000_000_000;
  const events: RunnerEvent[] = [];
  const recorded: { resource: NewResource; reused: boolean }[] = [];
  const deps: StepDeps = {
    stack,
    clients: mockedClients(),
    context: { stack, region: 'ap-northeast-1', results },
    now: () => clock,
    sleep: (ms) => {
      clock += ms;
      return Promise.resolve();
    },
    signal: new AbortController().signal,
    waits: { timeoutMs: 60_000, minDelayMs: 1000, maxDelayMs: 5000 },
    emit: (event) => events.push(event),
  };
  const record = (resource: NewResource, reused: boolean) => {
    recorded.push({ resource, reused });
  };
  return { deps, events, recorded, record, elapsed: () => clock - 1_700_000_000_000 };
}

/** Results of the first steps, as the seeded world would give them. */
export const baseResults: StepResults = {
  account: {
    accountId: '123456789012',
    arn: 'arn:aws:iam::123456789012:user/demo',
    region: 'ap-northeast-1',
    clusters: [
      {
        name: 'ecs-demo',
        arn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/ecs-demo',
        instances: 2,
        status: 'ACTIVE',
      },
    ],
  },
  cluster: {
    clusterName: 'ecs-demo',
    clusterArn: 'arn:aws:ecs:ap-northeast-1:123456789012:cluster/ecs-demo',
    instances: [
      { containerInstanceArn: 'arn:ci/1', ec2InstanceId: 'i-0abc00000000000a1' },
      { containerInstanceArn: 'arn:ci/2', ec2InstanceId: 'i-0abc00000000000c2' },
    ],
    vpcId: 'vpc-0abc0000000000001',
    instanceSecurityGroupId: 'sg-0abc00000000ec201',
    subnets: [
      { id: 'subnet-0abc00000000000a1', az: 'ap-northeast-1a', public: true },
      { id: 'subnet-0abc00000000000a2', az: 'ap-northeast-1a', public: false },
      { id: 'subnet-0abc00000000000c1', az: 'ap-northeast-1c', public: true },
    ],
  },
  network: {
    vpcId: 'vpc-0abc0000000000001',
    subnetIds: ['subnet-0abc00000000000a1', 'subnet-0abc00000000000c1'],
    azs: ['ap-northeast-1a', 'ap-northeast-1c'],
  },
  'security-groups': {
    albSecurityGroupId: 'sg-0alb',
    instanceSecurityGroupId: 'sg-0abc00000000ec201',
    fromPort: 32768,
    toPort: 65535,
  },
  'target-group': { targetGroupArn: 'arn:tg/demo-tg', name: 'demo-tg' },
  'load-balancer': {
    loadBalancerArn: 'arn:lb/demo-alb',
    name: 'demo-alb',
    dnsName: 'demo-alb-1.elb.amazonaws.com',
    scheme: 'internet-facing',
  },
  listener: { listenerArn: 'arn:listener/1', ruleArn: 'arn:rule/1', port: 80 },
  'service-role': { roleName: 'AWSServiceRoleForECS', roleArn: 'arn:role/ecs', created: false },
  'task-definition': { taskDefinitionArn: 'arn:td/demo-hostname:1', family: 'demo-hostname', revision: 1 },
};

export const stackTag = [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }];
