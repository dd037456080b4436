import { afterEach, describe, expect, it } from 'vitest';
import { Harness, seed } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h.ecs.close();
});

const cluster = seed.clusterName;

describe('UpdateService with new load balancers', () => {
  it('rolls the tasks onto the new target group and drains them from the old one', async () => {
    // Given a stable service with 2 tasks in target group "blue"
    h = new Harness();
    await h.registerWeb();
    const blue = h.elb.addGroup('blue');
    const green = h.elb.addGroup('green');
    await h.call('CreateService', {
      cluster,
      serviceName: 'demo',
      taskDefinition: 'web',
      desiredCount: 2,
      loadBalancers: [{ targetGroupArn: blue, containerName: 'web', containerPort: 4567 }],
    });
    await h.until('stable in blue', async () => (await h.stable()) && h.elb.list(blue).length === 2);
    const blueTargets = h.elb.list(blue);

    // When its load balancers are changed to "green" (allowed since 2022 with the rolling controller)
    const out = await h.call('UpdateService', {
      cluster,
      service: 'demo',
      loadBalancers: [{ targetGroupArn: green, containerName: 'web', containerPort: 4567 }],
    });
    expect(out.service?.deployments).toHaveLength(2);

    // Then new tasks register in green, the old ones leave blue, and one deployment remains
    await h.until('stable in green', async () => (await h.stable()) && h.elb.list(blue).length === 0);
    expect(h.elb.list(green)).toHaveLength(2);
    expect(h.elb.list(green)).not.toEqual(blueTargets);
    expect(
      h.elb.log
        .filter((l) => l.startsWith('deregister '))
        .map((l) => l.slice('deregister '.length))
        .sort(),
    ).toEqual(blueTargets);
    expect((await h.service()).loadBalancers).toEqual([
      { targetGroupArn: green, containerName: 'web', containerPort: 4567 },
    ]);
  });
});
