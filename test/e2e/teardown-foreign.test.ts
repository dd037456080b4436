import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/index.js';
import { sandboxClients, type SandboxClients } from '../helpers/sandbox.js';
import { countStackResources, ensureBuilt, runCli, startWorld, type World } from './cli-harness.js';

const KEY = 'ecs-alb-wizard:stack';
const elbTags = (stack: string | undefined) => (stack ? [{ Key: KEY, Value: stack }] : []);
const ecsTags = (stack: string) => [{ key: KEY, value: stack }];

let world: World;
let aws: SandboxClients;
beforeAll(async () => {
  ensureBuilt();
  world = await startWorld();
  aws = sandboxClients(world.sandbox.endpoint, world.sandbox.region);
});
afterAll(async () => {
  for (const client of Object.values(aws)) client.destroy();
  await world.close();
});

async function targetGroup(name: string, tag: string | undefined): Promise<string> {
  const out = await aws.elbv2.send(
    new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId, Tags: elbTags(tag) }),
  );
  return out.TargetGroups![0]!.TargetGroupArn!;
}

/** A load balancer with an HTTP :80 listener forwarding to `tgArn` and a `/*` rule. */
async function loadBalancer(name: string, tgArn: string, tags: { lb?: string; listener?: string; rule?: string }) {
  const lb = await aws.elbv2.send(
    new CreateLoadBalancerCommand({ Name: name, Subnets: seed.subnets.map((s) => s.id), Tags: elbTags(tags.lb) }),
  );
  const listener = await aws.elbv2.send(
    new CreateListenerCommand({
      LoadBalancerArn: lb.LoadBalancers![0]!.LoadBalancerArn!,
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      Tags: elbTags(tags.listener),
    }),
  );
  await aws.elbv2.send(
    new CreateRuleCommand({
      ListenerArn: listener.Listeners![0]!.ListenerArn!,
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      Tags: elbTags(tags.rule),
    }),
  );
}

async function setupFails(stack: string, message: RegExp): Promise<void> {
  const setup = await runCli(world.args('setup', '--stack', stack));
  expect(setup.code).toBe(1);
  expect(`${setup.stdout}${setup.stderr}`).toMatch(message);
}

async function teardown(stack: string) {
  const result = await runCli(world.args('teardown', '--yes', '--stack', stack));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('resources with a stack’s derived names but not its tag', () => {
  it('Given an untagged security group named <stack>-alb-sg, Then teardown without a record names it and leaves it, and setup refuses it', async () => {
    await aws.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'fa-alb-sg', Description: 'x', VpcId: seed.vpcId }));
    const before = await teardown('fa');
    expect(before).toMatch(/Left alone:\n {2}security-group sg-\w+ \(fa-alb-sg\): not tagged ecs-alb-wizard:stack=fa/);
    expect(before).toMatch(/Nothing to tear down/);

    await setupFails('fa', /security group fa-alb-sg .* is not tagged for stack 'fa'/);
    expect(await teardown('fa')).toMatch(/Left alone:/);
    expect(countStackResources(world.sandbox.inventory(), 'fa').albSecurityGroups).toBe(1);
  });

  it('Given a target group <stack>-tg tagged for another stack, Then setup fails naming it and teardown removes what setup made but not it', async () => {
    await targetGroup('fb-tg', 'other');
    await setupFails('fb', /target group fb-tg .*is not tagged for stack 'fb'/);
    expect(countStackResources(world.sandbox.inventory(), 'fb')).toMatchObject({
      albSecurityGroups: 1,
      ingressRules: 1,
    });

    const out = await teardown('fb');
    expect(out).toMatch(/Left alone:\n {2}target-group fb-tg: tagged for stack 'other', not 'fb'/);
    expect(out).toMatch(/torn down: 2 resource\(s\) removed/);
    expect(countStackResources(world.sandbox.inventory(), 'fb')).toMatchObject({
      albSecurityGroups: 0,
      ingressRules: 0,
      targetGroups: 1,
    });
  });

  it('Given an untagged load balancer <stack>-alb with another stack’s listener and rule, Then neither teardown (before or after setup) nor setup touches them', async () => {
    await loadBalancer('fc-alb', await targetGroup('fc-theirs', 'other'), { listener: 'other', rule: 'other' });
    const before = await teardown('fc');
    expect(before).toMatch(/load-balancer fc-alb: not tagged ecs-alb-wizard:stack=fc/);
    expect(before).toMatch(/Nothing to tear down/);

    await setupFails('fc', /load balancer fc-alb exists but is not tagged for stack 'fc'/);
    expect(await teardown('fc')).toMatch(/load-balancer fc-alb: not tagged/);
    expect(countStackResources(world.sandbox.inventory(), 'fc')).toMatchObject({
      albSecurityGroups: 0,
      targetGroups: 0,
      loadBalancers: 1,
      listeners: 1,
      listenerRules: 1,
    });
  });

  it('Given a service <stack>-svc and task definition revision 1 tagged for another stack, Then setup fails naming the service and teardown leaves both, deleting only its own revision', async () => {
    const td = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'fd-hostname',
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'web', image: 'nginx', memoryReservation: 64 }],
        tags: ecsTags('other'),
      }),
    );
    await aws.ecs.send(
      new CreateServiceCommand({
        cluster: seed.clusterName,
        serviceName: 'fd-svc',
        taskDefinition: td.taskDefinition!.taskDefinitionArn!,
        desiredCount: 0,
        tags: ecsTags('other'),
      }),
    );
    await setupFails('fd', /service fd-svc exists in ecs-demo but is not tagged for stack 'fd'/);
    expect(countStackResources(world.sandbox.inventory(), 'fd').taskDefinitions).toBe(2);

    const out = await teardown('fd');
    expect(out).toMatch(/task-definition fd-hostname:1: tagged for stack 'other'/);
    expect(out).toMatch(/service fd-svc: tagged for stack 'other'/);
    expect(countStackResources(world.sandbox.inventory(), 'fd')).toEqual({
      albSecurityGroups: 0,
      ingressRules: 0,
      targetGroups: 0,
      loadBalancers: 0,
      listeners: 0,
      listenerRules: 0,
      taskDefinitions: 1,
      services: 1,
    });
  });

  it('Given the stack’s own load balancer and listener but a /* rule tagged for another stack, Then setup does not adopt the rule, and teardown says the rule goes with the load balancer', async () => {
    const tg = await targetGroup('fe-tg', 'fe');
    await loadBalancer('fe-alb', tg, { lb: 'fe', listener: 'fe', rule: 'other' });
    await setupFails('fe', /rule forwarding \/\* to the target group that is not tagged for stack 'fe'/);

    const out = await teardown('fe');
    expect(out).toMatch(
      /listener-rule path-pattern \/\* → target group: tagged for stack 'other', not 'fe'; deleting the load balancer fe-alb deletes it too/,
    );
    expect(countStackResources(world.sandbox.inventory(), 'fe')).toMatchObject({ loadBalancers: 0, targetGroups: 0 });
  });
});
