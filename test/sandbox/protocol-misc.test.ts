import { request } from 'node:http';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand, ListClustersCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateServiceLinkedRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createAlbStack, targetStates, waitFor } from './fixtures.js';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox({ timeScale: 600 });
});
afterAll(async () => {
  await t.close();
});

function raw(
  method: string,
  path: string,
  body = '',
  headers: Record<string, string> = {},
): Promise<{ status: number; type?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.sandbox.endpoint}${path}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('STS and IAM through the SDK', () => {
  it('tells who is calling', async () => {
    const me = await t.sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(seed.accountId);
  });

  it('has no ECS service-linked role until it is created; a second create is refused as on AWS', async () => {
    await expect(t.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      $metadata: { httpStatusCode: 404 },
    });
    const created = await t.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }));
    expect(created.Role).toMatchObject({
      RoleName: 'AWSServiceRoleForECS',
      Path: '/aws-service-role/ecs.amazonaws.com/',
    });
    expect((await t.iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForECS' }))).Role?.Arn).toBe(
      `arn:aws:iam::${seed.accountId}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
    );
    await expect(
      t.iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringContaining('has been taken in this account') as unknown,
    });
  });
});

describe('the front', () => {
  it('answers an operation it does not implement with an AWS-shaped error naming it', async () => {
    const query = await raw('POST', '/', 'Action=CreateVpc&Version=2016-11-15&CidrBlock=10.0.0.0%2F16', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(query.status).toBe(400);
    expect(query.body).toMatch(/<Code>InvalidAction<\/Code><Message>The action CreateVpc is not valid/);
    const ecs = await raw('POST', '/', '{}', {
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.RunTask',
      'content-type': 'application/x-amz-json-1.1',
    });
    expect(ecs.status).toBe(400);
    expect(JSON.parse(ecs.body)).toMatchObject({
      __type: 'UnknownOperationException',
      message: expect.stringContaining('RunTask') as unknown,
    });
  });

  it('answers unknown paths with JSON 404', async () => {
    const answer = await raw('GET', '/index.html');
    expect(answer.status).toBe(404);
    expect(answer.type).toBe('application/json');
    expect(JSON.parse(answer.body)).toMatchObject({ __type: 'NotFound' });
  });

  it('lists the live inventory and resolves nothing for an unknown load balancer', async () => {
    const inventory = JSON.parse((await raw('GET', '/_sandbox/inventory')).body) as {
      ec2: { vpcs: { id: string }[] };
      ecs: { clusters: { name: string }[] };
    };
    expect(inventory.ec2.vpcs.map((v) => v.id)).toEqual([seed.vpcId]);
    expect(inventory.ecs.clusters.map((c) => c.name)).toEqual([seed.clusterName]);
    const unknown = await raw('GET', '/_sandbox/resolve?host=nope.elb.localhost&port=80');
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.body)).toEqual({ nodes: [] });
    const bad = await raw('GET', '/_sandbox/resolve?host=nope.elb.localhost&port=http');
    expect(bad.status).toBe(400);
    const error = JSON.parse(bad.body) as { __type: string; message: string };
    expect(error.__type).toBe('ValidationError');
    expect(error.message).toMatch(/port=1-65535/);
  });
});

describe('faults', () => {
  it.each([
    ['elbv2', 'Throttling', () => t.elbv2.send(new DescribeLoadBalancersCommand({}))],
    ['ec2', 'RequestLimitExceeded', () => t.ec2.send(new DescribeVpcsCommand({}))],
    ['ecs', 'ThrottlingException', () => t.ecs.send(new ListClustersCommand({}))],
    ['sts', 'Throttling', () => t.sts.send(new GetCallerIdentityCommand({}))],
  ] as const)('throttles %s with %s, which the SDK retries', async (service, _code, call) => {
    t.sandbox.faults.add({ kind: 'throttle', service, count: 2 });
    const out = await call();
    expect(out.$metadata.attempts).toBe(3);
  });

  it('fails with the throttling code once the retries run out', async () => {
    t.sandbox.faults.add({ kind: 'throttle', service: 'ec2', operation: 'DescribeVpcs', count: 5 });
    await expect(t.ec2.send(new DescribeVpcsCommand({}))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
      $metadata: { httpStatusCode: 503 },
    });
    t.sandbox.faults.clear();
  });

  it('injects 5xx and latency over HTTP, and clears them', async () => {
    const posted = await raw(
      'POST',
      '/_sandbox/faults',
      JSON.stringify([
        { kind: 'error', service: 'elbv2', code: 'ServiceUnavailable', count: 1 },
        { kind: 'latency', service: 'sts', ms: 150 },
      ]),
      {
        'content-type': 'application/json',
      },
    );
    expect(posted.status).toBe(200);
    const retried = await t.elbv2.send(new DescribeLoadBalancersCommand({}));
    expect(retried.$metadata.attempts).toBe(2);
    const started = Date.now();
    await t.sts.send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await raw('DELETE', '/_sandbox/faults')).status).toBe(200);
    expect(JSON.parse((await raw('GET', '/_sandbox/faults')).body)).toEqual({ faults: [] });
    expect((await raw('POST', '/_sandbox/faults', '{"kind":"task-unhealthy","task":"nope"}')).status).toBe(400);
  });

  it('makes a task fail its health checks, and the ALB sees it as AWS would', async () => {
    // Given a service with one healthy task behind an ALB
    const stack = await createAlbStack(t, { name: 'fault' });
    const td = await t.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'fault',
        networkMode: 'bridge',
        containerDefinitions: [
          { name: 'app', image: 'x', memoryReservation: 64, portMappings: [{ containerPort: 4567, hostPort: 0 }] },
        ],
      }),
    );
    await t.ecs.send(
      new CreateServiceCommand({
        cluster: seed.clusterName,
        serviceName: 'fault',
        taskDefinition: td.taskDefinition?.taskDefinitionArn,
        desiredCount: 1,
        loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
      }),
    );
    const healthy = await waitFor(
      'a healthy target',
      async () => Object.entries(await targetStates(t, stack.tgArn)).find(([, h]) => h.state === 'healthy')?.[0],
    );
    const task = (t.sandbox.inventory().ecs.tasks as { arn: string; hostPort?: number }[]).find((x) =>
      healthy.endsWith(`:${x.hostPort ?? 0}`),
    );

    // When the task is made to fail
    t.sandbox.faults.add({ kind: 'task-unhealthy', task: task?.arn ?? '' });

    // Then its target turns unhealthy with the code its server answers
    const sick = await waitFor('the target unhealthy', async () => {
      const h = (await targetStates(t, stack.tgArn))[healthy];
      return h?.state === 'unhealthy' ? h : undefined;
    });
    expect(sick.reason).toBe('Target.ResponseCodeMismatch');
    expect(sick.description).toBe('Health checks failed with these codes: [500]');
  });
});
