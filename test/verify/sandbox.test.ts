import { CreateServiceCommand, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchExpectedBackends } from '../../source/engine/expected-backends.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import { verify } from '../../verify/run.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createAlbStack, targetStates, waitFor, type AlbStack } from '../sandbox/fixtures.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SERVICE = 'demo';

async function startService(c: TestSandbox, stack: AlbStack): Promise<void> {
  const taskDefinition = await c.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: 'demo-hostname',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'app',
          image: 'hostname-server',
          memoryReservation: 64,
          portMappings: [{ containerPort: 4567, hostPort: 0 }],
        },
      ],
    }),
  );
  await c.ecs.send(
    new CreateServiceCommand({
      cluster: seed.clusterName,
      serviceName: SERVICE,
      taskDefinition: taskDefinition.taskDefinition?.taskDefinitionArn,
      desiredCount: 1,
      loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
    }),
  );
}

async function healthy(c: TestSandbox, stack: AlbStack, count: number): Promise<void> {
  await waitFor(
    `${count} healthy targets`,
    async () => {
      const states = Object.values(await targetStates(c, stack.tgArn));
      return states.length === count && states.every((s) => s.state === 'healthy');
    },
    20_000,
  );
}

async function verifyStack(c: TestSandbox, stack: AlbStack) {
  const expected = await fetchExpectedBackends(c, {
    cluster: seed.clusterName,
    service: SERVICE,
    targetGroupArn: stack.tgArn,
  });
  const report = await verify({
    url: `http://${stack.dnsName}/hostname`,
    connectTo: { host: stack.local.address, port: stack.local.port },
    expected,
    timeoutMs: 2000,
  });
  return { expected, report };
}

describe('verifying an ECS service in the sandbox', () => {
  it('Given 1 then 3 tasks behind the ALB, then PASS mapped to tasks; a task failing health checks then FAILs by name', async () => {
    // Given: the memo's stack with one task
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await startService(t, stack);
    await healthy(t, stack, 1);

    // Then: PASS with that one task
    const one = await verifyStack(t, stack);
    expect(one.report.verdict).toBe('PASS');
    expect(one.report.backends).toHaveLength(1);
    expect(one.report.backends[0]?.id).toMatch(/^[0-9a-f]{12}$/);

    // When: scaled out to 3
    await t.ecs.send(new UpdateServiceCommand({ cluster: seed.clusterName, service: SERVICE, desiredCount: 3 }));
    await healthy(t, stack, 3);

    // Then: PASS with 3 distinct hostnames, each on its task, instance and dynamic host port
    const three = await verifyStack(t, stack);
    expect(three.report.verdict).toBe('PASS');
    expect(new Set(three.report.backends.filter((b) => b.count > 0).map((b) => b.id)).size).toBe(3);
    for (const backend of three.report.backends) {
      expect(backend.taskId).toMatch(/^[0-9a-f]{32}$/);
      expect(backend.instanceId).toMatch(/^i-/);
      expect(backend.hostPort).toBeGreaterThan(0);
      expect(backend.targetHealth).toBe('healthy');
    }

    // When: one task's health checks fail and its target turns unhealthy
    const victim = three.expected[1];
    if (!victim?.taskId) throw new Error('no task to break');
    t.sandbox.faults.add({ kind: 'task-unhealthy', task: victim.taskId });
    await waitFor(
      'the target to turn unhealthy',
      async () =>
        (await targetStates(t!, stack.tgArn))[`${victim.instanceId}:${victim.hostPort}`]?.state === 'unhealthy',
      20_000,
    );

    // Then: FAIL naming that task, where it runs, and why
    const broken = await verifyStack(t, stack);
    expect(broken.report.verdict).toBe('FAIL');
    const missing = broken.report.missing.find((m) => m.id === victim.id);
    expect(missing?.explanation).toContain(`task ${victim.taskId.slice(0, 8)}…`);
    expect(missing?.explanation).toContain(
      `on ${victim.instanceId} port ${victim.hostPort} never answered; its target is unhealthy`,
    );
  });
});
