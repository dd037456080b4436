import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures.js';
import {
  allTasks,
  cluster,
  createDemoService,
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

/** Starts 2 healthy tasks (stop timeout as given), runs a paced load until both answer. */
async function twoHealthy(stopTimeout?: number): Promise<ReturnType<typeof paceLoad>> {
  r = await startRolloutSandbox({ deregistrationDelaySeconds: 20 });
  await createDemoService(r, await registerRevision(r.t, 'one', stopTimeout === undefined ? {} : { stopTimeout }), 2);
  await healthyAt(r, 2);
  const load = paceLoad(r.alb.nodes, r.alb.dnsName);
  await waitFor('both tasks to answer', () => load.now.bodies.size === 2);
  return load;
}

/** Scales demo to 1 and waits until one task is left and one target. */
async function scaleToOne(sandbox: RolloutSandbox): Promise<void> {
  await sandbox.t.ecs.send(new UpdateServiceCommand({ cluster, service: 'demo', desiredCount: 1 }));
  await healthyAt(sandbox, 1);
  await waitFor('the stopped task', async () => (await allTasks(sandbox.t)).some((t) => t.lastStatus === 'STOPPED'));
}

describe('task faults that make a change go wrong', () => {
  it('Given task-crash, When one of 2 tasks dies, Then the load balancer answers 502 until health checks notice and ECS replaces the task', async () => {
    const load = await twoHealthy();
    const before = failures(load.now);
    const [victim] = (await allTasks(r!.t)).filter((t) => t.lastStatus === 'RUNNING');
    r!.t.sandbox.faults.add({ kind: 'task-crash', task: victim?.taskArn ?? '' });

    await waitFor(
      'the crashed task stopped and a replacement healthy',
      async () => {
        const tasks = await allTasks(r!.t);
        return (
          tasks.some((t) => t.taskArn === victim?.taskArn && t.lastStatus === 'STOPPED') &&
          tasks.filter((t) => t.lastStatus === 'RUNNING').length === 2
        );
      },
      30_000,
    );
    await healthyAt(r!, 2);
    const count = await load.stop();

    expect(before).toBe(0);
    expect(failures(count)).toBeGreaterThan(0);
    expect([...count.statuses.keys()].filter((s) => s !== 200)).toEqual([502]);
    const crashed = (await allTasks(r!.t)).find((t) => t.taskArn === victim?.taskArn);
    expect(crashed?.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${r!.alb.tgArn})`);
    expect(
      (await serviceMessages(r!.t)).some((m) =>
        /is unhealthy in \(target-group .+\) due to \(reason Health checks failed\)\.$/.test(m),
      ),
    ).toBe(true);
  }, 60_000);

  it('Given stop-without-draining, When scaled 2 → 1, Then requests routed to the killed task fail; without it none do', async () => {
    const load = await twoHealthy();
    r!.t.sandbox.faults.add({ kind: 'stop-without-draining' });
    await scaleToOne(r!);
    const count = await load.stop();

    expect(failures(count)).toBeGreaterThan(0);
    const stopped = (await allTasks(r!.t)).find((t) => t.lastStatus === 'STOPPED');
    expect(stopped?.containers?.[0]?.exitCode).toBe(137);
    expect(await serviceMessages(r!.t)).not.toContain('(service demo) has begun draining connections on 1 tasks.');
  }, 60_000);

  it('Given task-latency alone, When scaled 2 → 1, Then the stopping container finishes its requests in flight and none fail', async () => {
    const load = await twoHealthy();
    r!.t.sandbox.faults.add({ kind: 'task-latency', ms: 600 });
    await waitFor('slow requests in flight', () => load.inFlight() >= 30);
    await scaleToOne(r!);
    const count = await load.stop();

    expect(failures(count)).toBe(0);
    const stopped = (await allTasks(r!.t)).find((t) => t.lastStatus === 'STOPPED');
    expect(stopped?.containers?.[0]?.exitCode).toBe(143);
  }, 60_000);

  it('Given close-on-stop with task-latency, When scaled 2 → 1, Then requests in flight at the stop signal fail', async () => {
    const load = await twoHealthy();
    r!.t.sandbox.faults.add({ kind: 'task-latency', ms: 600 });
    r!.t.sandbox.faults.add({ kind: 'close-on-stop' });
    await waitFor('slow requests in flight', () => load.inFlight() >= 30);
    await scaleToOne(r!);
    const count = await load.stop();

    expect(failures(count)).toBeGreaterThan(0);
    expect([...count.statuses.keys()].filter((s) => s !== 200)).toEqual([502]);
  }, 60_000);

  it('Given a stop timeout shorter than the requests in flight, When scaled 2 → 1, Then the container is killed (137) and those requests fail', async () => {
    const load = await twoHealthy(2);
    r!.t.sandbox.faults.add({ kind: 'task-latency', ms: 600 });
    await waitFor('slow requests in flight', () => load.inFlight() >= 30);
    await scaleToOne(r!);
    const count = await load.stop();

    expect(failures(count)).toBeGreaterThan(0);
    const stopped = (await allTasks(r!.t)).find((t) => t.lastStatus === 'STOPPED');
    expect(stopped?.containers?.[0]?.exitCode).toBe(137);
  }, 60_000);

  it('Given the HTTP fault route, When task faults are posted, Then good ones apply and a bad one is a 400 naming why', async () => {
    r = await startRolloutSandbox();
    await registerRevision(r.t, 'one');
    const post = async (body: unknown): Promise<{ status: number; text: string }> => {
      const res = await fetch(`${r!.t.sandbox.endpoint}/_sandbox/faults`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    };
    expect(
      (
        await post([
          { kind: 'revision-unhealthy', taskDefinition: 'web:1' },
          { kind: 'stop-without-draining', count: 2 },
          { kind: 'close-on-stop' },
          { kind: 'task-latency', ms: 100 },
        ])
      ).status,
    ).toBe(200);
    const bad = await post({ kind: 'task-crash', task: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("bad fault: no RUNNING task matches 'abc'");
    expect((await fetch(`${r.t.sandbox.endpoint}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(200);
  });

  it('Given a fault naming nothing, When added, Then it is refused with the reason', async () => {
    r = await startRolloutSandbox();
    expect(() => r!.t.sandbox.faults.add({ kind: 'task-crash', task: 'nope' })).toThrow(
      "no RUNNING task matches 'nope'",
    );
    expect(() => r!.t.sandbox.faults.add({ kind: 'revision-unhealthy', taskDefinition: 'web:9' })).toThrow(
      "no task definition 'web:9' (give family:revision)",
    );
    expect(() => r!.t.sandbox.faults.add({ kind: 'stop-without-draining', count: 0 })).toThrow('count >= 1');
  });
});
