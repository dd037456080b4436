import { DescribeServicesCommand, type Service } from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { beforeEach, describe, expect, it } from 'vitest';
import { WaitTimeoutError } from '../../source/aws/wait.js';
import { waitForHealthyTargets } from '../../source/steps/healthy-targets.js';
import { PlacementError } from '../../source/steps/placement.js';
import { fakeStepDeps, mocks } from './aws-mocks.js';

beforeEach(() => mocks.reset());

const unableMemory =
  '(service demo-svc) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5574228261640095a808aa6e4e5dbfe0) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';
const steady = '(service demo-svc) has reached a steady state.';
const registered = '(service demo-svc) registered 6 targets in (target-group arn:tg/demo-tg)';

/** DescribeServices answering the looks in turn (the last one from then on), newest event first. */
function serviceLooks(...looks: Partial<Service>[]): void {
  let call = 0;
  mocks.ecs.on(DescribeServicesCommand).callsFake(() => {
    const look = looks[Math.min(call++, looks.length - 1)];
    return { services: [{ desiredCount: 8, pendingCount: 0, deployments: [{ status: 'PRIMARY' }], ...look }] };
  });
  mocks.elbv2.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [] });
}

const event = (message: string) => ({ message });
const target = { cluster: 'ecs-demo', service: 'demo-svc', targetGroupArn: 'arn:tg/demo-tg', desired: 8 };

describe('waiting for healthy targets when ECS cannot place the tasks', () => {
  it('Given 6 of 8 tasks placed and ECS unable to place the rest for lack of memory, When the count stays put, Then the wait ends early naming the count, memory and the ways out', async () => {
    // Given: the placement event is older than the latest event, as ECS writes it once
    serviceLooks(
      { runningCount: 2, pendingCount: 4, events: [event(unableMemory)] },
      { runningCount: 6, events: [event(registered), event(unableMemory)] },
    );
    const { deps, events, elapsed } = fakeStepDeps();
    // When
    const wait = waitForHealthyTargets(deps, 'scale-out', target);
    // Then
    const error = await wait.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlacementError);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      'ECS placed 6 of 8 tasks and cannot place the rest: insufficient memory (service event: (service demo-svc) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5574228261640095a808aa6e4e5dbfe0) has insufficient memory available.). Ways out: ask for at most 6 tasks, reserve less memory per task (--memory), or add container instances to cluster ecs-demo',
    );
    // Well within the 60 s wait: the 20 s the count may stand still, and one poll more
    expect(elapsed()).toBeLessThan(30_000);
    const progress = events.flatMap((e) => (e.type === 'wait' && e.progress ? [e.progress] : []));
    expect(progress).toContain('healthy 0/8, running 6/8, unable to place 2: insufficient memory');
    expect(events.at(-1)).toMatchObject({ type: 'wait-end', ok: false });
  });

  it('Given the same shortfall on CPU units, Then the ways out speak of CPU, not memory', async () => {
    serviceLooks({ runningCount: 6, events: [event(unableMemory.replace('memory', 'CPU units'))] });
    const { deps } = fakeStepDeps();
    await expect(waitForHealthyTargets(deps, 'scale-out', target)).rejects.toThrow(
      /cannot place the rest: insufficient CPU units .* Ways out: ask for at most 6 tasks, reserve fewer CPU units per task, or add container instances/,
    );
  });

  it("Given a capacity-provider service and no instance of the provider's group registered, Then the error names that, not --create-cluster", async () => {
    const none = (scope: string) =>
      `(service demo-svc) was unable to place a task. Reason: No Container Instances were found in your ${scope}. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`;
    serviceLooks({ runningCount: 0, events: [event(none('capacity provider'))] });
    const provider = await waitForHealthyTargets(fakeStepDeps().deps, 'service', target).catch((e: unknown) => e);
    expect(provider).toBeInstanceOf(PlacementError);
    const text = (provider as Error).message;
    expect(text).toContain(
      "cannot place the rest: no instance of the capacity provider's Auto Scaling group is registered in the cluster",
    );
    expect(text).toMatch(
      /Ways out: see with status whether the group's instances are running and registered in cluster ecs-demo/,
    );
    expect(text).not.toContain('--create-cluster');
    // A launch-type service on a cluster with no instances at all still hears of --create-cluster.
    mocks.reset();
    serviceLooks({ runningCount: 0, events: [event(none('cluster'))] });
    const cluster = await waitForHealthyTargets(fakeStepDeps().deps, 'service', target).catch((e: unknown) => e);
    expect((cluster as Error).message).toMatch(/no container instances in the cluster .*--create-cluster/);
  });

  it('Given a placement event older than a steady state, When the count stays short, Then the wait runs to its timeout', async () => {
    serviceLooks({ runningCount: 6, events: [event(registered), event(steady), event(unableMemory)] });
    const { deps } = fakeStepDeps();
    const error = await waitForHealthyTargets(deps, 'scale-out', target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(error).not.toBeInstanceOf(PlacementError);
    expect((error as Error).message).toMatch(/^timed out after 60s/);
  });

  it('Given a placement event while the placed count keeps growing, Then the wait goes on until every target is healthy', async () => {
    // Given: one more task placed every other look (over more than the 20 s a count may stand), then all 8 healthy
    const looks = [3, 3, 4, 4, 5, 5, 6, 6, 7, 7].map((n) => ({ runningCount: n, events: [event(unableMemory)] }));
    serviceLooks(...looks, { runningCount: 8, events: [event(steady), event(unableMemory)] });
    let look = 0;
    mocks.elbv2.on(DescribeTargetHealthCommand).callsFake(() => ({
      TargetHealthDescriptions:
        ++look <= looks.length
          ? []
          : Array.from({ length: 8 }, (_, i) => ({
              Target: { Id: 'i-0abc00000000000a1', Port: 32768 + i },
              TargetHealth: { State: 'healthy' },
            })),
    }));
    const { deps } = fakeStepDeps();
    // When, Then
    await expect(waitForHealthyTargets(deps, 'scale-out', target)).resolves.toMatchObject({ healthy: 8, running: 8 });
  });
});
