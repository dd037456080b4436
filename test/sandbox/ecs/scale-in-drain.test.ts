import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures.js';
import {
  allTasks,
  cluster,
  createDemoService,
  failures,
  healthyAt,
  hostnameOf,
  paceLoad,
  registerRevision,
  startRolloutSandbox,
  targetHealth,
  type RolloutSandbox,
} from './rollout-harness.js';

let r: RolloutSandbox | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

describe('scale-in through the load balancer', () => {
  it('Given 3 healthy tasks, When scaled to 1, Then each leaving task drains while still RUNNING, stops after, and no request fails', async () => {
    // Given 3 healthy tasks
    r = await startRolloutSandbox({ deregistrationDelaySeconds: 20 });
    await createDemoService(r, await registerRevision(r.t, 'one'), 3);
    await healthyAt(r, 3);
    const load = paceLoad(r.alb.nodes, r.alb.dnsName);
    await waitFor('all 3 tasks to answer', () => load.now.bodies.size === 3);

    // When the service is scaled to 1, watched: target states and task states at each look
    await r.t.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', desiredCount: 1 }));
    let drainingWhileRunning = 0;
    let stoppedWhileDraining = 0;
    await waitFor(
      'one task left, its target alone and healthy',
      async () => {
        const tasks = await allTasks(r!.t);
        const health = await targetHealth(r!.t, r!.alb.tgArn);
        const draining = [...health].filter(([, state]) => state === 'draining').map(([key]) => key.split(':')[1]);
        for (const port of draining) {
          const task = tasks.find((t) => String(t.containers?.[0]?.networkBindings?.[0]?.hostPort) === port);
          if (task?.lastStatus === 'RUNNING') drainingWhileRunning += 1;
          if (task?.lastStatus === 'STOPPED') stoppedWhileDraining += 1;
        }
        return health.size === 1 && tasks.filter((t) => t.lastStatus === 'RUNNING').length === 1;
      },
      30_000,
    );
    const count = await load.stop();

    // Then leaving tasks were seen draining while RUNNING, never STOPPED while their target drained
    expect(drainingWhileRunning).toBeGreaterThan(0);
    expect(stoppedWhileDraining).toBe(0);
    // And the 2 stopped tasks ended by the stop signal (143), not killed
    const stopped = (await allTasks(r.t)).filter((t) => t.lastStatus === 'STOPPED');
    expect(stopped).toHaveLength(2);
    expect(stopped.map((t) => t.containers?.[0]?.exitCode)).toEqual([143, 143]);
    // And no request failed while every task answered at some point
    expect(failures(count)).toBe(0);
    expect(count.bodies.size).toBe(3);
    const left = (await allTasks(r.t)).find((t) => t.lastStatus === 'RUNNING');
    expect(left && count.bodies.has(hostnameOf(left))).toBe(true);
  }, 60_000);
});
