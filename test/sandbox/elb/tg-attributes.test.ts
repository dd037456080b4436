import {
  CreateTargetGroupCommand,
  DescribeTargetGroupAttributesCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed } from '../../../source/sandbox/seed-ids.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';

let t: TestSandbox;
let tgArn = '';

beforeAll(async () => {
  t = await startTestSandbox();
  const tg = await t.elbv2.send(
    new CreateTargetGroupCommand({ Name: 'attrs-tg', Protocol: 'HTTP', Port: 80, VpcId: seed.vpcId }),
  );
  tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
});
afterAll(async () => {
  await t.close();
});

async function attributes(): Promise<Record<string, string | undefined>> {
  const out = await t.elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: tgArn }));
  return Object.fromEntries((out.Attributes ?? []).map((a) => [a.Key ?? '', a.Value]));
}

function modify(attrs: Record<string, string>) {
  return t.elbv2.send(
    new ModifyTargetGroupAttributesCommand({
      TargetGroupArn: tgArn,
      Attributes: Object.entries(attrs).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
}

describe('target group attributes', () => {
  it('Given a new HTTP instance target group, Then DescribeTargetGroupAttributes shows AWS’s defaults for the spread', async () => {
    expect(await attributes()).toMatchObject({
      'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
      'stickiness.enabled': 'false',
      'stickiness.type': 'lb_cookie',
      'stickiness.lb_cookie.duration_seconds': '86400',
      'stickiness.app_cookie.cookie_name': '',
      'stickiness.app_cookie.duration_seconds': '86400',
      'load_balancing.algorithm.type': 'round_robin',
      'load_balancing.algorithm.anomaly_mitigation': 'off',
      'slow_start.duration_seconds': '0',
      'deregistration_delay.timeout_seconds': '300',
      'target_group_health.dns_failover.minimum_healthy_targets.count': '1',
    });
  });

  it.each([
    [
      { 'slow_start.duration_seconds': '10' },
      'ValidationError',
      /slow_start\.duration_seconds' must be 0 or between 30 and 900/,
    ],
    [{ 'slow_start.duration_seconds': '901' }, 'ValidationError', /between 30 and 900/],
    [{ 'stickiness.lb_cookie.duration_seconds': '0' }, 'ValidationError', /between 1 and 604800/],
    [{ 'stickiness.enabled': 'yes' }, 'ValidationError', /'stickiness\.enabled' has an invalid value 'yes'/],
    [{ 'stickiness.type': 'source_ip' }, 'ValidationError', /invalid value 'source_ip'/],
    [{ 'load_balancing.cross_zone.enabled': 'off' }, 'ValidationError', /invalid value 'off'/],
    [{ 'load_balancing.algorithm.type': 'random' }, 'ValidationError', /invalid value 'random'/],
    [{ 'stickiness.app_cookie.cookie_name': 'AWSALBAPP-1' }, 'ValidationError', /reserved/],
    [{ 'no.such.key': '1' }, 'ValidationError', /'no\.such\.key' is not recognized/],
    [
      { 'load_balancing.algorithm.type': 'weighted_random', 'slow_start.duration_seconds': '60' },
      'InvalidConfigurationRequestException',
      /^You cannot enable both slow start and weighted random algorithm on a target group$/,
    ],
    [
      { 'load_balancing.algorithm.type': 'least_outstanding_requests', 'slow_start.duration_seconds': '60' },
      'InvalidConfigurationRequestException',
      /least outstanding requests/,
    ],
    [
      { 'load_balancing.algorithm.anomaly_mitigation': 'on' },
      'InvalidConfigurationRequestException',
      /weighted_random/,
    ],
    [
      { 'stickiness.enabled': 'true', 'load_balancing.cross_zone.enabled': 'false' },
      'InvalidConfigurationRequestException',
      /stickiness is not supported when cross-zone load balancing is off/,
    ],
  ])('Given %o, Then ModifyTargetGroupAttributes fails with %s and changes nothing', async (attrs, code, message) => {
    const before = await attributes();
    const error = await modify(attrs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.name).toBe(code);
    expect(error?.message).toMatch(message);
    expect(await attributes()).toEqual(before);
  });

  it('Given valid values, Then they are kept and returned, and a later change is checked against them', async () => {
    const out = await modify({
      'load_balancing.algorithm.type': 'least_outstanding_requests',
      'stickiness.enabled': 'true',
      'stickiness.lb_cookie.duration_seconds': '604800',
    });
    expect(out.Attributes?.find((a) => a.Key === 'load_balancing.algorithm.type')?.Value).toBe(
      'least_outstanding_requests',
    );
    expect(await attributes()).toMatchObject({ 'stickiness.enabled': 'true', 'slow_start.duration_seconds': '0' });
    // Slow start alone is fine, but not on top of least outstanding requests set before
    await expect(modify({ 'slow_start.duration_seconds': '30' })).rejects.toMatchObject({
      name: 'InvalidConfigurationRequestException',
    });
    await modify({ 'load_balancing.algorithm.type': 'round_robin', 'slow_start.duration_seconds': '30' });
    expect(await attributes()).toMatchObject({ 'slow_start.duration_seconds': '30' });
  });
});
