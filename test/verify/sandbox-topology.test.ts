import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ModifyTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallWatch } from '../../source/aws/call-watch.js';
import { headlessAsk } from '../../source/commands/kit/headless-ask.js';
import type { EngineDeps } from '../../source/engine/deps.js';
import { verifyStack } from '../../source/engine/verify-stack.js';
import { seed } from '../../source/sandbox/seed-ids.js';
import { STATE_VERSION } from '../../source/state/schema.js';
import { StackStore } from '../../source/state/store.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { createAlbStack, targetStates, waitFor, type AlbStack } from '../sandbox/fixtures.js';

let t: TestSandbox | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const SERVICE = 'demo';

/** The memo's service at 3 tasks, placed as the wizard places them: spread over AZs, then instances (1 + 2 over the two seeded instances' AZs). */
async function startService(c: TestSandbox, stack: AlbStack, attributes: Record<string, string>): Promise<void> {
  await c.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: stack.tgArn,
      Attributes: Object.entries(attributes).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
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
      desiredCount: 3,
      placementStrategy: [
        { type: 'spread', field: 'attribute:ecs.availability-zone' },
        { type: 'spread', field: 'instanceId' },
      ],
      loadBalancers: [{ targetGroupArn: stack.tgArn, containerName: 'app', containerPort: 4567 }],
    }),
  );
  await waitFor(
    '3 healthy targets',
    async () => {
      const states = Object.values(await targetStates(c, stack.tgArn));
      return states.length === 3 && states.every((s) => s.state === 'healthy');
    },
    20_000,
  );
}

/**
 * verifyStack, as `verify` runs it on a sandbox stack: the sandbox's real SDK clients and its
 * resolver (no SDK mocks here: they would patch every client of their class).
 */
async function verifySandboxStack(c: TestSandbox, stack: AlbStack) {
  const deps: EngineDeps = {
    clients: { ...c, region: seed.region, calls: new CallWatch({ afterMs: 3_000, everyMs: 1_000 }) },
    store: new StackStore(mkdtempSync(join(tmpdir(), 'verify-sandbox-')), 'demo'),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    signal: new AbortController().signal,
    waits: { timeoutMs: 20_000, minDelayMs: 100, maxDelayMs: 500 },
    emit: () => undefined,
    ask: headlessAsk,
  };
  deps.store.set({
    version: STATE_VERSION,
    stack: 'demo',
    region: seed.region,
    createdAt: '',
    updatedAt: '',
    answers: {},
    steps: { service: { status: 'done', updatedAt: '' } },
    results: {
      cluster: { clusterName: seed.clusterName } as never,
      'target-group': { targetGroupArn: stack.tgArn, name: 'demo-tg' },
      'load-balancer': {
        loadBalancerArn: stack.lbArn,
        name: 'demo-alb',
        dnsName: stack.dnsName,
        scheme: 'internet-facing',
      },
      listener: { listenerArn: stack.listenerArn, ruleArn: '', port: 80 },
      service: { serviceArn: '', serviceName: SERVICE, desiredCount: 3, healthy: 3 },
    },
    resources: [],
  });
  const resolve = (host: string, port: number) => Promise.resolve(c.sandbox.resolveLoadBalancer(host, port));
  const { report } = await verifyStack(deps, { step: 'service', resolve, settings: { timeoutMs: 2000 } });
  return report;
}

/** Tasks per AZ, e.g. `{ 'ap-northeast-1a': 2, 'ap-northeast-1c': 1 }`. */
function tasksPerZone(report: Awaited<ReturnType<typeof verifySandboxStack>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const backend of report.backends) counts[backend.zone ?? '?'] = (counts[backend.zone ?? '?'] ?? 0) + 1;
  return counts;
}

describe('the verdict on the sandbox: every node, and the cause in AWS terms', () => {
  it('Given cross-zone off and 1 + 2 tasks over two AZs, then FAIL naming cross-zone, each node reaching only its AZ', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await startService(t, stack, { 'load_balancing.cross_zone.enabled': 'false' });
    const report = await verifySandboxStack(t, stack);
    const perZone = tasksPerZone(report);
    expect(Object.values(perZone).sort()).toEqual([1, 2]);
    expect(report.verdict).toBe('FAIL');
    expect(report.criteria.find((c) => c.id === 'even-spread')?.pass).toBe(false);
    const lone = report.backends.find((b) => perZone[b.zone ?? ''] === 1);
    expect(lone?.share).toBeCloseTo(0.5, 1);
    const cause = report.findings.find((f) => f.id === 'cross-zone-off');
    expect(cause).toMatchObject({ severity: 'cause' });
    expect(cause?.text).toContain(
      `(ap-northeast-1a: ${perZone['ap-northeast-1a']}, ap-northeast-1c: ${perZone['ap-northeast-1c']})`,
    );
    const answering = report.nodes.filter((n) => n.ok > 0);
    expect(answering.map((n) => n.zone).sort()).toEqual(['ap-northeast-1a', 'ap-northeast-1c']);
    for (const node of answering) {
      const zones = new Set(node.backends.map((b) => report.backends.find((x) => x.id === b.id)?.zone));
      expect([...zones]).toEqual([node.zone]);
    }
  });

  it('Given cross-zone on (the ALB default) and the same tasks, then PASS, every node reported reaching all three', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await startService(t, stack, { 'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration' });
    const report = await verifySandboxStack(t, stack);
    expect(report.verdict).toBe('PASS');
    expect(report.nodes.map((n) => n.address).sort()).toEqual(stack.nodes.map((n) => n.address).sort());
    expect(report.nodes.every((n) => n.zone !== undefined && n.backends.length === 3)).toBe(true);
    expect(report.findings).toEqual([]);
  });

  it('Given lb_cookie stickiness on, then the AWSALB cookies are seen and stickiness is named', async () => {
    t = await startTestSandbox();
    const stack = await createAlbStack(t);
    await startService(t, stack, { 'stickiness.enabled': 'true', 'stickiness.type': 'lb_cookie' });
    const report = await verifySandboxStack(t, stack);
    expect(report.cookies.map((c) => c.name)).toContain('AWSALB');
    expect(report.findings.find((f) => f.id === 'stickiness')?.text).toContain(
      'stickiness is on (stickiness.type lb_cookie)',
    );
  });
});
