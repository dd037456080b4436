import type * as ecs from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, seed } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.ecs.close();
  h = undefined;
});

const cluster = seed.clusterName;
const [zoneA, zoneC] = [seed.subnets[0].az, seed.subnets[1].az];
const AZ_THEN_INSTANCE = [
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
];

/** Live tasks per AZ and per container instance, as DescribeTasks and DescribeContainerInstances tell them. */
async function layout(harness: Harness, service: string) {
  const tasks = (await harness.runningTasks(service)).filter((t) => t.desiredStatus === 'RUNNING');
  const arns = [...new Set(tasks.map((t) => t.containerInstanceArn ?? ''))];
  const described = await harness.call('DescribeContainerInstances', { cluster, containerInstances: arns });
  const zoneOf = new Map(
    (described.containerInstances ?? []).map((i) => [
      i.containerInstanceArn,
      i.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value,
    ]),
  );
  const count = (keys: (string | undefined)[]) => {
    const out: Record<string, number> = {};
    for (const key of keys) out[key ?? '?'] = (out[key ?? '?'] ?? 0) + 1;
    return out;
  };
  return {
    byZone: count(tasks.map((t: ecs.Task) => t.availabilityZone)),
    byAttribute: count(tasks.map((t) => zoneOf.get(t.containerInstanceArn))),
    instances: new Set(tasks.map((t) => t.containerInstanceArn)).size,
  };
}

async function start(harness: Harness, desiredCount: number, placementStrategy?: unknown[]) {
  await harness.registerWeb();
  await harness.call('CreateService', {
    cluster,
    serviceName: 'demo',
    taskDefinition: 'web',
    desiredCount,
    ...(placementStrategy ? { placementStrategy } : {}),
  });
  await harness.until(`${desiredCount} running`, () => harness.stable());
}

describe('spread placement', () => {
  it('Given two instances in 1a and one in 1c, When a service spreads over AZs then instances, Then 2 tasks go one per AZ, and 3 take both 1a instances', async () => {
    h = new Harness(undefined, 1000, undefined, [zoneA, zoneA, zoneC]);
    await start(h, 2, AZ_THEN_INSTANCE);
    expect((await layout(h, 'demo')).byZone).toEqual({ [zoneA]: 1, [zoneC]: 1 });

    await h.call('UpdateService', { cluster, service: 'demo', desiredCount: 3 });
    await h.until('3 running', () => h?.stable() ?? false);
    const three = await layout(h, 'demo');
    expect(three.byZone).toEqual({ [zoneA]: 2, [zoneC]: 1 });
    // DescribeTasks' availabilityZone agrees with the instance's ecs.availability-zone attribute
    expect(three.byAttribute).toEqual(three.byZone);
    expect(three.instances).toBe(3);
  });

  it('Given the same instances, When a service spreads over instances only, Then its 2 tasks both land in 1a', async () => {
    h = new Harness(undefined, 1000, undefined, [zoneA, zoneA, zoneC]);
    await start(h, 2, [{ type: 'spread', field: 'instanceId' }]);
    expect((await layout(h, 'demo')).byZone).toEqual({ [zoneA]: 2 });
  });

  it('Given no placement strategy, Then ECS’s default for services spreads over AZs', async () => {
    h = new Harness(undefined, 1000, undefined, [zoneA, zoneA, zoneC]);
    await start(h, 2);
    expect((await layout(h, 'demo')).byZone).toEqual({ [zoneA]: 1, [zoneC]: 1 });
  });

  it('Given tasks 2 in 1c and 1 in 1a, When a service spread over AZs scales in to 2, Then it keeps one per AZ', async () => {
    // Given: spread over instances puts 2 tasks on the two 1c instances, then a third (the newest) in 1a
    h = new Harness(undefined, 1000, undefined, [zoneC, zoneC, zoneA]);
    await start(h, 2, [{ type: 'spread', field: 'instanceId' }]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await h.call('UpdateService', { cluster, service: 'demo', desiredCount: 3 });
    await h.until('3 running', () => h?.stable() ?? false);
    expect((await layout(h, 'demo')).byZone).toEqual({ [zoneA]: 1, [zoneC]: 2 });

    // When the service now spreads over AZs and scales in to 2
    await h.call('UpdateService', { cluster, service: 'demo', desiredCount: 2, placementStrategy: AZ_THEN_INSTANCE });
    await h.until(
      '2 running',
      async () => (await h?.runningTasks())?.filter((t) => t.lastStatus === 'RUNNING').length === 2,
    );

    // Then the task stopped was one in 1c, not the newest one in 1a
    expect((await layout(h, 'demo')).byZone).toEqual({ [zoneA]: 1, [zoneC]: 1 });
  });

  it.each([
    [[{ type: 'pack' }], /Invalid placement strategy type 'pack'/],
    [[{ type: 'spread' }], /Invalid spread field ''/],
    [[{ type: 'binpack', field: 'disk' }], /Invalid binpack field 'disk'/],
    [Array(6).fill({ type: 'random' }), /at most 5/],
  ])(
    'Given placementStrategy %j, Then CreateService fails with InvalidParameterException',
    async (strategy, message) => {
      h = new Harness();
      await h.registerWeb();
      const error = await h.error('CreateService', {
        cluster,
        serviceName: 'bad',
        taskDefinition: 'web',
        desiredCount: 1,
        placementStrategy: strategy,
      });
      expect(error.name).toBe('InvalidParameterException');
      expect(error.message).toMatch(message);
    },
  );
});
