import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

let world: World | undefined;
beforeAll(() => ensureBuilt());
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('slow AWS calls in the headless log', () => {
  it('Given CreateLoadBalancer answering after 4 s, When setup runs headless, Then the log says once that it waits for that call, and when it ended', async () => {
    // Given: the sandbox holds the one CreateLoadBalancer call 4 s (real time) before answering
    world = await startWorld();
    world.sandbox.faults.add({
      kind: 'latency',
      service: 'elbv2',
      operation: 'CreateLoadBalancer',
      ms: 4000,
      count: 1,
    });
    // When
    const setup = await runCli(world.args('setup', '--scale-to', '2'));
    // Then: under the load balancer step, one waiting line and one end line, not one a second
    expect(setup.stdout).toContain('✓ Create the Application Load Balancer');
    const lines = setup.stdout.split('\n');
    const step = lines.indexOf('▶ Create the Application Load Balancer');
    const waiting = lines.filter((l) => l.includes('waiting for ELBv2 CreateLoadBalancer'));
    expect(waiting).toEqual(['  … waiting for ELBv2 CreateLoadBalancer (3s so far)']);
    expect(lines.indexOf(waiting[0] ?? '')).toBeGreaterThan(step);
    expect(setup.stdout).toMatch(/^ {2}ELBv2 CreateLoadBalancer ended after 4\.\ds$/m);
    // And no other call was slow enough to be named
    expect(setup.stdout.match(/waiting for (ECS|ELBv2|EC2|IAM|STS) /g)).toHaveLength(1);
  });
});
