import { CreateSecurityGroupCommand } from '@aws-sdk/client-ec2';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteRuleCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  RegisterTargetsCommand,
  RemoveTagsCommand,
  paginateDescribeTargetGroups,
  waitUntilLoadBalancerAvailable,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';

let t: TestSandbox;
let albGroup: string;
const subnets = seed.subnets.map((s) => s.id);

beforeAll(async () => {
  t = await startTestSandbox({ timeScale: 600 });
  albGroup =
    (await t.ec2.send(new CreateSecurityGroupCommand({ GroupName: 'elb-tests', Description: 'x', VpcId: seed.vpcId })))
      .GroupId ?? '';
});
afterAll(async () => {
  await t.close();
});

const createLb = (name: string, subnetIds = subnets) =>
  t.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnetIds, SecurityGroups: [albGroup] }));
const createTg = (name: string) =>
  t.elbv2.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId }));

describe('ELBv2 load balancers through the SDK', () => {
  it.each([
    ['a name over 32 characters', 'a'.repeat(33)],
    ['an underscore', 'demo_alb'],
    ['a leading hyphen', '-demo'],
    ['a trailing hyphen', 'demo-'],
    ['the internal- prefix', 'internal-demo'],
  ])('refuses %s with ValidationError', async (_what, name) => {
    await expect(createLb(name)).rejects.toMatchObject({ name: 'ValidationError' });
  });

  it('needs subnets in two Availability Zones', async () => {
    await expect(createLb('one-az', [seed.subnets[0].id])).rejects.toMatchObject({
      name: 'ValidationError',
      message: 'At least two subnets in two different Availability Zones must be specified',
    });
  });

  it('is provisioning, then active; creating it again with the same settings returns the same one', async () => {
    const created = (await createLb('idem-alb')).LoadBalancers?.[0];
    expect(created?.State?.Code).toBe('provisioning');
    expect(created?.DNSName).toMatch(/^idem-alb-\d{10}\.ap-northeast-1\.elb\.localhost$/);
    expect(created?.CanonicalHostedZoneId).toBeTruthy();
    expect(created?.AvailabilityZones?.map((z) => z.ZoneName)).toEqual(seed.subnets.map((s) => s.az));
    expect(created?.SecurityGroups).toEqual([albGroup]);
    const again = (await createLb('idem-alb')).LoadBalancers?.[0];
    expect(again?.LoadBalancerArn).toBe(created?.LoadBalancerArn);
    await expect(createLb('idem-alb', subnets.slice(0, 2))).rejects.toMatchObject({
      name: 'DuplicateLoadBalancerNameException',
    });
    await waitUntilLoadBalancerAvailable(
      { client: t.elbv2, maxWaitTime: 10, minDelay: 1, maxDelay: 1 },
      { Names: ['idem-alb'] },
    );
    const described = await t.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['idem-alb'] }));
    expect(described.LoadBalancers?.[0]?.State?.Code).toBe('active');
    await t.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: created?.LoadBalancerArn }));
    await expect(t.elbv2.send(new DescribeLoadBalancersCommand({ Names: ['idem-alb'] }))).rejects.toMatchObject({
      name: 'LoadBalancerNotFoundException',
    });
    // Deleting it again succeeds, as on AWS
    await t.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: created?.LoadBalancerArn }));
  });
});

describe('ELBv2 target groups, listeners and rules through the SDK', () => {
  it("creates target groups with AWS's defaults and validates names", async () => {
    const tg = (await createTg('defaults-tg')).TargetGroups?.[0];
    expect(tg).toMatchObject({
      TargetType: 'instance',
      HealthCheckPath: '/',
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
    });
    const attributes = await t.elbv2.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tg?.TargetGroupArn }),
    );
    const map: Record<string, string | undefined> = Object.fromEntries(
      (attributes.Attributes ?? []).map((a) => [a.Key ?? '', a.Value]),
    );
    expect(map['deregistration_delay.timeout_seconds']).toBe('300');
    expect(map['load_balancing.algorithm.type']).toBe('round_robin');
    const modified = await t.elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: tg?.TargetGroupArn,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
      }),
    );
    expect(modified.Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value).toBe('30');
    await expect(
      t.elbv2.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: tg?.TargetGroupArn,
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '4000' }],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationError',
    });
    const health = await t.elbv2.send(
      new ModifyTargetGroupCommand({
        TargetGroupArn: tg?.TargetGroupArn,
        HealthCheckPath: '/hostname',
        HealthyThresholdCount: 2,
      }),
    );
    expect(health.TargetGroups?.[0]).toMatchObject({ HealthCheckPath: '/hostname', HealthyThresholdCount: 2 });
    await expect(createTg('x'.repeat(33))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(createTg('bad_name')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(
      t.elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [`${tg?.TargetGroupArn ?? ''}0`] })),
    ).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
    await t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tg?.TargetGroupArn }));
  });

  it('paginates DescribeTargetGroups with Marker/PageSize', async () => {
    const arns = await Promise.all(
      ['a', 'b', 'c'].map(async (n) => (await createTg(`page-${n}`)).TargetGroups?.[0]?.TargetGroupArn ?? ''),
    );
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeTargetGroups({ client: t.elbv2 }, { PageSize: 2 })) {
      pages += 1;
      seen.push(...(page.TargetGroups ?? []).map((g) => g.TargetGroupArn ?? ''));
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual([...arns].sort());
    for (const arn of arns) await t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }));
  });

  it('associates a target group through a listener and a rule; in use it cannot be deleted', async () => {
    const lb = (await createLb('assoc-alb')).LoadBalancers?.[0];
    const lbArn = lb?.LoadBalancerArn ?? '';
    const tgArn = (await createTg('assoc-tg')).TargetGroups?.[0]?.TargetGroupArn ?? '';
    const otherArn = (await createTg('assoc-other')).TargetGroups?.[0]?.TargetGroupArn ?? '';
    const forward = (arn: string) => [{ Type: 'forward' as const, TargetGroupArn: arn }];

    // Unused: its targets show Target.NotInUse
    await t.elbv2.send(
      new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: seed.instances[0].id, Port: 32768 }] }),
    );
    const unused = await t.elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));
    expect(unused.TargetHealthDescriptions?.[0]?.TargetHealth).toEqual({
      State: 'unused',
      Reason: 'Target.NotInUse',
      Description: 'Target group is not configured to receive traffic from the load balancer',
    });
    const notRegistered = await t.elbv2.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: tgArn, Targets: [{ Id: seed.instances[1].id, Port: 40000 }] }),
    );
    expect(notRegistered.TargetHealthDescriptions?.[0]?.TargetHealth?.Reason).toBe('Target.NotRegistered');
    await expect(
      t.elbv2.send(
        new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: 'i-0000000000000000', Port: 1 }] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidTargetException' });

    const listener = (
      await t.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: forward(tgArn),
        }),
      )
    ).Listeners?.[0];
    const listenerArn = listener?.ListenerArn ?? '';
    expect(listener?.DefaultActions?.[0]).toMatchObject({ Type: 'forward', TargetGroupArn: tgArn });
    // Same port, same settings: the same listener; different settings: DuplicateListener
    const same = await t.elbv2.send(
      new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: forward(tgArn) }),
    );
    expect(same.Listeners?.[0]?.ListenerArn).toBe(listenerArn);
    await expect(
      t.elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Protocol: 'HTTP',
          Port: 80,
          DefaultActions: forward(otherArn),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'DuplicateListenerException',
    });
    const tgs = await t.elbv2.send(new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }));
    expect(tgs.TargetGroups?.map((g) => [g.TargetGroupArn, g.LoadBalancerArns])).toEqual([[tgArn, [lbArn]]]);

    const rule = (
      await t.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 5,
          Conditions: [{ Field: 'path-pattern', Values: ['/*'] }],
          Actions: forward(otherArn),
        }),
      )
    ).Rules?.[0];
    expect(rule?.Conditions?.[0]).toMatchObject({ Field: 'path-pattern', Values: ['/*'] });
    await expect(
      t.elbv2.send(
        new CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 5,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: forward(otherArn),
        }),
      ),
    ).rejects.toMatchObject({ name: 'PriorityInUseException' });
    const rules = await t.elbv2.send(new DescribeRulesCommand({ ListenerArn: listenerArn }));
    expect(rules.Rules?.map((r) => [r.Priority, r.IsDefault])).toEqual([
      ['5', false],
      ['default', true],
    ]);
    expect((await t.elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners).toHaveLength(1);

    await expect(t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
    });
    await expect(t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: otherArn }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
    });
    await t.elbv2.send(new DeleteRuleCommand({ RuleArn: rule?.RuleArn }));
    await t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: otherArn }));
    await t.elbv2.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
    await expect(t.elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))).rejects.toMatchObject({
      name: 'ListenerNotFoundException',
    });
    await t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
    await t.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
  });

  it('adds, describes and removes tags on load balancers and target groups', async () => {
    const lbArn =
      (
        await t.elbv2.send(
          new CreateLoadBalancerCommand({
            Name: 'tags-alb',
            Subnets: subnets,
            SecurityGroups: [albGroup],
            Tags: [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }],
          }),
        )
      ).LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const tgArn = (await createTg('tags-tg')).TargetGroups?.[0]?.TargetGroupArn ?? '';
    await t.elbv2.send(
      new AddTagsCommand({
        ResourceArns: [tgArn],
        Tags: [
          { Key: 'ecs-alb-wizard:stack', Value: 'demo' },
          { Key: 'x', Value: '1' },
        ],
      }),
    );
    await t.elbv2.send(new RemoveTagsCommand({ ResourceArns: [tgArn], TagKeys: ['x'] }));
    const tags = await t.elbv2.send(new DescribeTagsCommand({ ResourceArns: [lbArn, tgArn] }));
    expect(tags.TagDescriptions?.map((d) => [d.ResourceArn, d.Tags])).toEqual([
      [lbArn, [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }]],
      [tgArn, [{ Key: 'ecs-alb-wizard:stack', Value: 'demo' }]],
    ]);
    await t.elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
    await t.elbv2.send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
  });
});
