import { RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import {
  CreateRuleCommand,
  DeregisterTargetsCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createAlbStack, get, startBackend, targetStates, waitFor, type Backend } from './fixtures.js';

const [first, second] = seed.instances;
let t: TestSandbox | undefined;
const backends: Backend[] = [];

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

async function backend(name: string): Promise<Backend> {
  const b = await startBackend(name);
  backends.push(b);
  return b;
}

describe('load balancer data plane', () => {
  it('forwards round-robin over healthy targets, walking initial → healthy', async () => {
    // Given an active ALB whose instances admit it, and two local servers registered by hand
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    const [a, b] = [await backend('alpha'), await backend('beta')];
    await t.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: stack.tgArn,
        Targets: [
          { Id: first.id, Port: a.port },
          { Id: second.id, Port: b.port },
        ],
      }),
    );

    // Then the targets start `initial`, and become healthy after the health checks pass
    const initial = await targetStates(t, stack.tgArn);
    expect(initial[`${first.id}:${a.port}`]?.state).toBe('initial');
    expect(initial[`${first.id}:${a.port}`]?.reason).toMatch(/^Elb\.(RegistrationInProgress|InitialHealthChecking)$/);
    const client = t;
    await waitFor('both targets healthy', async () =>
      Object.values(await targetStates(client, stack.tgArn)).every((h) => h.state === 'healthy'),
    );
    expect(a.hits).toBeGreaterThanOrEqual(2);

    // When 20 requests go through the listener
    const bodies: string[] = [];
    for (let i = 0; i < 20; i += 1) bodies.push((await get(stack.local, stack.dnsName, '/hostname')).body);

    // Then they alternate over both targets
    expect(bodies.filter((body) => body.startsWith('alpha')).length).toBe(10);
    expect(bodies.filter((body) => body.startsWith('beta')).length).toBe(10);
  });

  it('routes by path-pattern rules in priority order before the default action', async () => {
    // Given a listener forwarding by default to `alpha`, and a rule /api/* forwarding to `beta`
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    const [a, b] = [await backend('alpha'), await backend('beta')];
    const api = await t.elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'api-tg',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: seed.vpcId,
        HealthCheckPath: '/',
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 2,
        HealthyThresholdCount: 2,
      }),
    );
    const apiArn = api.TargetGroups?.[0]?.TargetGroupArn ?? '';
    await t.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: stack.listenerArn,
        Priority: 10,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*', '/v?/x'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: apiArn }],
      }),
    );
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: apiArn, Targets: [{ Id: second.id, Port: b.port }] }),
    );
    const client = t;
    await waitFor(
      'targets healthy',
      async () =>
        (await targetStates(client, apiArn))[`${second.id}:${b.port}`]?.state === 'healthy' &&
        (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`]?.state === 'healthy',
    );

    // Then each path reaches the group its rule names (query strings do not take part)
    expect((await get(stack.local, stack.dnsName, '/api/users?x=1')).body).toBe('beta /api/users?x=1');
    expect((await get(stack.local, stack.dnsName, '/v2/x')).body).toBe('beta /v2/x');
    expect((await get(stack.local, stack.dnsName, '/v10/x')).body).toBe('alpha /v10/x');
    expect((await get(stack.local, stack.dnsName, '/hostname')).body).toBe('alpha /hostname');
  });

  it('answers 503 with no target, 502 when the target is gone, and fails open when all are unhealthy', async () => {
    // Given an ALB with nothing registered
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    // Then it answers 503 as an ALB does
    const empty = await get(stack.local, stack.dnsName, '/hostname');
    expect(empty.status).toBe(503);
    expect(empty.server).toBe('awselb/2.0');
    expect(empty.body).toContain('503 Service Temporarily Unavailable');

    // When the only target answers 500 on its health check path
    const sick = await backend('sick');
    sick.status = 500;
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: sick.port }] }),
    );
    const client = t;
    const health = await waitFor('the target unhealthy', async () => {
      const h = (await targetStates(client, stack.tgArn))[`${first.id}:${sick.port}`];
      return h?.state === 'unhealthy' ? h : undefined;
    });
    // Then it is unhealthy with AWS's reason, and the ALB fails open: the request still reaches it
    expect(health).toEqual({
      state: 'unhealthy',
      reason: 'Target.ResponseCodeMismatch',
      description: 'Health checks failed with these codes: [500]',
    });
    expect((await get(stack.local, stack.dnsName, '/')).body).toBe('sick /');

    // When its server goes away
    await sick.close();
    // Then requests get 502 Bad Gateway
    const gone = await get(stack.local, stack.dnsName, '/');
    expect(gone.status).toBe(502);
    expect(gone.body).toContain('502 Bad Gateway');
  });

  it('answers 504 when a target does not answer within the idle timeout', async () => {
    // Given a healthy target whose server then stops answering /slow
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    const a = await backend('alpha');
    a.server.removeAllListeners('request');
    a.server.on('request', (req, res) => {
      if (req.url !== '/slow') res.end('ok');
    });
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );
    const client = t;
    await waitFor(
      'healthy',
      async () => (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`]?.state === 'healthy',
    );

    // When a request waits on it longer than the ALB's idle timeout (60 s AWS; at least 2 s real)
    const answer = await get(stack.local, stack.dnsName, '/slow');

    // Then the load balancer gives up with 504
    expect(answer.status).toBe(504);
    expect(answer.body).toContain('504 Gateway Time-out');
  });

  it('times out targets the instances security group does not admit (Target.Timeout, 504)', async () => {
    // Given an ALB whose group the instances' security group does not allow
    t = await startTestSandbox();
    const stack = await createAlbStack(t, { allowInstances: false });
    const a = await backend('alpha');
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );

    // Then the target turns unhealthy with Target.Timeout, without a single request reaching it
    const client = t;
    const health = await waitFor('Target.Timeout', async () => {
      const h = (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`];
      return h?.state === 'unhealthy' ? h : undefined;
    });
    expect(health).toEqual({ state: 'unhealthy', reason: 'Target.Timeout', description: 'Request timed out' });
    expect(a.hits).toBe(0);
    // And a request through the ALB (failing open) times out with 504
    const answer = await get(stack.local, stack.dnsName, '/');
    expect(answer.status).toBe(504);
    expect(a.hits).toBe(0);
  });

  it('drains a deregistered target for the deregistration delay, then removes it', async () => {
    // Given two healthy targets and a deregistration delay of 60 s AWS (100 ms at this scale)
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await t.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: stack.tgArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '60' }],
      }),
    );
    const [a, b] = [await backend('alpha'), await backend('beta')];
    await t.elbv2.send(
      new RegisterTargetsCommand({
        TargetGroupArn: stack.tgArn,
        Targets: [
          { Id: first.id, Port: a.port },
          { Id: second.id, Port: b.port },
        ],
      }),
    );
    const client = t;
    await waitFor(
      'both healthy',
      async () =>
        Object.values(await targetStates(client, stack.tgArn)).filter((h) => h.state === 'healthy').length === 2,
    );

    // When one is deregistered
    await t.elbv2.send(
      new DeregisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );

    // Then it is draining, gets no new requests, and is gone after the delay
    expect((await targetStates(t, stack.tgArn))[`${first.id}:${a.port}`]).toEqual({
      state: 'draining',
      reason: 'Target.DeregistrationInProgress',
      description: 'Target deregistration is in progress',
    });
    for (let i = 0; i < 4; i += 1) expect((await get(stack.local, stack.dnsName, '/')).body).toBe('beta /');
    await waitFor(
      'the drained target removed',
      async () => (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`] === undefined,
    );
  });

  it('stops admitting traffic when the security group rule is revoked', async () => {
    // Given a healthy target
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    const a = await backend('alpha');
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );
    const client = t;
    await waitFor(
      'healthy',
      async () => (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`]?.state === 'healthy',
    );

    // When the rule from the ALB group is revoked
    await t.ec2.send(
      new RevokeSecurityGroupIngressCommand({
        GroupId: seed.instanceSecurityGroup.id,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 32768, ToPort: 65535, UserIdGroupPairs: [{ GroupId: stack.albGroupId }] },
        ],
      }),
    );
    // Then the health checks time out and the target turns unhealthy
    await waitFor(
      'Target.Timeout after revoke',
      async () => (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`]?.reason === 'Target.Timeout',
    );
  });
});
