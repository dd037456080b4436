import { UpdateServiceCommand, type Deployment } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { circuitBreakerThreshold } from '../../../source/sandbox/ecs/circuit-breaker.js';
import { waitFor } from '../fixtures.js';
import {
  allTasks,
  cluster,
  createDemoService,
  describeService,
  failures,
  healthyAt,
  paceLoad,
  registerRevision,
  serviceMessages,
  startRolloutSandbox,
  type RolloutSandbox,
} from './rollout-harness.js';

let r: RolloutSandbox | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('the deployment circuit breaker', () => {
  it('trips at half the desired count, at least 3 and at most 200, as ECS documents', () => {
    expect([1, 2, 6, 7, 10, 400, 1000].map(circuitBreakerThreshold)).toEqual([3, 3, 3, 4, 5, 200, 200]);
  });

  it('Given revision 2 fails its health checks, When deployed with the breaker and rollback on, Then the deployment FAILS, rolls back to revision 1, and no request fails', async () => {
    // Given 2 healthy tasks of revision 1, and revision 2's tasks failing health checks
    r = await startRolloutSandbox({ deregistrationDelaySeconds: 20 });
    const rev1 = await registerRevision(r.t, 'one');
    await createDemoService(r, rev1, 2);
    await healthyAt(r, 2);
    const rev2 = await registerRevision(r.t, 'two');
    r.t.sandbox.faults.add({ kind: 'revision-unhealthy', taskDefinition: 'web:2' });
    const load = paceLoad(r.alb.nodes, r.alb.dnsName);

    // When revision 2 is deployed
    await r.t.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', taskDefinition: rev2 }));
    const failedDeployment = (await describeService(r.t)).deployments?.[0];
    let failedSeen: Deployment | undefined;
    await waitFor(
      'the rollback to complete',
      async () => {
        const service = await describeService(r!.t);
        failedSeen ??= service.deployments?.find((d) => d.id === failedDeployment?.id && d.rolloutState === 'FAILED');
        return (
          failedSeen !== undefined &&
          service.deployments?.length === 1 &&
          service.deployments[0]?.rolloutState === 'COMPLETED'
        );
      },
      40_000,
    );
    await healthyAt(r, 2);
    const count = await load.stop();

    // Then the failed deployment showed FAILED with the breaker's reason and its failed tasks
    expect(failedSeen?.rolloutStateReason).toBe('ECS deployment circuit breaker: tasks failed to start.');
    expect(failedSeen?.failedTasks).toBeGreaterThanOrEqual(3);
    // And the service runs revision 1 again, in a new deployment
    const service = await describeService(r.t);
    expect(service.taskDefinition).toBe(rev1);
    expect(service.deployments?.[0]?.taskDefinition).toBe(rev1);
    expect(service.deploymentConfiguration?.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
    const running = (await allTasks(r.t)).filter((t) => t.lastStatus === 'RUNNING');
    expect(running.map((t) => t.taskDefinitionArn)).toEqual([rev1, rev1]);
    // And the failed tasks say why they stopped
    const failed = (await allTasks(r.t)).filter((t) => t.taskDefinitionArn === rev2);
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const elbFailed = failed.filter(
      (t) => t.stoppedReason === `Task failed ELB health checks in (target-group ${r!.alb.tgArn})`,
    );
    expect(elbFailed.length).toBeGreaterThanOrEqual(3);
    // (any still starting when the breaker tripped were stopped by the rollback)
    expect(
      failed
        .filter((t) => !elbFailed.includes(t))
        .every((t) => /^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/.test(t.stoppedReason ?? '')),
    ).toBe(true);
    expect(failed.every((t) => t.lastStatus === 'STOPPED')).toBe(true);
    // And the events say so as ECS does
    const messages = await serviceMessages(r.t);
    expect(messages).toContain(
      `(service demo) (deployment ${failedDeployment?.id}) deployment failed: tasks failed to start.`,
    );
    expect(messages.some((m) => /^\(service demo\) rolling back to deployment ecs-svc\/\d+\.$/.test(m))).toBe(true);
    // And no request failed: unhealthy targets never took traffic
    expect(failures(count)).toBe(0);
  }, 60_000);

  it('Given the breaker off, When a failing revision is deployed, Then tasks keep failing and the deployment stays IN_PROGRESS', async () => {
    r = await startRolloutSandbox({ deregistrationDelaySeconds: 20 });
    const rev1 = await registerRevision(r.t, 'one');
    await createDemoService(r, rev1, 2, { enable: false, rollback: false });
    await healthyAt(r, 2);
    const rev2 = await registerRevision(r.t, 'two');
    r.t.sandbox.faults.add({ kind: 'revision-unhealthy', taskDefinition: 'web:2' });

    await r.t.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', taskDefinition: rev2 }));
    await waitFor(
      '4 failed tasks',
      async () => ((await describeService(r!.t)).deployments?.[0]?.failedTasks ?? 0) >= 4,
      40_000,
    );

    const service = await describeService(r.t);
    expect(service.deployments?.[0]?.rolloutState).toBe('IN_PROGRESS');
    expect(service.taskDefinition).toBe(rev2);
    expect((await serviceMessages(r.t)).some((m) => m.includes('rolling back'))).toBe(false);
    // And the old tasks still serve
    expect(
      (await allTasks(r.t)).filter((t) => t.taskDefinitionArn === rev1 && t.lastStatus === 'RUNNING'),
    ).toHaveLength(2);
  }, 60_000);
});
