import {
  CreateRuleCommand,
  DeleteRuleCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { createAlbStack, get, startBackend, targetStates, waitFor, type AlbStack, type Backend } from '../fixtures.js';

// The data plane keeps each listener's rules and each group's routable targets between changes;
// these check that every change the load balancer must see reaches the next request.
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

async function bodies(stack: AlbStack, path: string, count: number): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) out.push((await get(stack.local, stack.dnsName, path)).body);
  return out;
}

describe('load balancer routes kept between changes', () => {
  it('follows registration and health: a new target joins once healthy, a failing one leaves', async () => {
    // Given one healthy target serving every request
    const client = (t = await startTestSandbox());
    const stack = await createAlbStack(client);
    const [a, b] = [await backend('alpha'), await backend('beta')];
    await client.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );
    await waitFor(
      'alpha healthy',
      async () => (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`]?.state === 'healthy',
    );
    expect(await bodies(stack, '/', 4)).toEqual(Array(4).fill('alpha /'));

    // When a second target registers: it gets nothing while initial, then its share once healthy
    await client.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: second.id, Port: b.port }] }),
    );
    expect(await bodies(stack, '/', 4)).toEqual(Array(4).fill('alpha /'));
    await waitFor(
      'beta healthy',
      async () => (await targetStates(client, stack.tgArn))[`${second.id}:${b.port}`]?.state === 'healthy',
    );
    expect((await bodies(stack, '/', 10)).filter((body) => body === 'beta /')).toHaveLength(5);

    // When it starts failing its health checks, Then once unhealthy it gets no more requests
    b.status = 500;
    await waitFor(
      'beta unhealthy',
      async () => (await targetStates(client, stack.tgArn))[`${second.id}:${b.port}`]?.state === 'unhealthy',
    );
    const hitsBefore = b.hits;
    expect(await bodies(stack, '/', 6)).toEqual(Array(6).fill('alpha /'));
    expect(b.hits - hitsBefore).toBeLessThanOrEqual(1); // a health check may land meanwhile
  });

  it('applies a rule from the request after CreateRule, and the default again after DeleteRule', async () => {
    // Given a listener forwarding everything to a healthy target, already serving requests
    const client = (t = await startTestSandbox());
    const stack = await createAlbStack(client);
    const a = await backend('alpha');
    await client.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: stack.tgArn, Targets: [{ Id: first.id, Port: a.port }] }),
    );
    await waitFor(
      'alpha healthy',
      async () => (await targetStates(client, stack.tgArn))[`${first.id}:${a.port}`]?.state === 'healthy',
    );
    expect(await bodies(stack, '/api/x', 2)).toEqual(['alpha /api/x', 'alpha /api/x']);

    // When a rule answers /api/* with a fixed response
    const rule = await client.elbv2.send(
      new CreateRuleCommand({
        ListenerArn: stack.listenerArn,
        Priority: 5,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
        Actions: [
          {
            Type: 'fixed-response',
            FixedResponseConfig: { StatusCode: '418', ContentType: 'text/plain', MessageBody: 'teapot' },
          },
        ],
      }),
    );
    // Then the very next request gets it, and other paths still reach the target
    expect(await get(stack.local, stack.dnsName, '/api/x')).toMatchObject({ status: 418, body: 'teapot' });
    expect((await get(stack.local, stack.dnsName, '/other')).body).toBe('alpha /other');

    // When the rule is deleted, Then the default action applies again at once
    await client.elbv2.send(new DeleteRuleCommand({ RuleArn: rule.Rules?.[0]?.RuleArn }));
    expect((await get(stack.local, stack.dnsName, '/api/x')).body).toBe('alpha /api/x');
  });
});
