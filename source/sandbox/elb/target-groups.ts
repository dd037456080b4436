import type {
  CreateTargetGroupInput,
  DeleteTargetGroupInput,
  DescribeTargetGroupsInput,
  ModifyTargetGroupInput,
  TargetGroup as SdkTargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { SandboxError } from '../contracts.js';
import { hex } from '../ids.js';
import { paginate } from '../paginate.js';
import type { Runtime } from '../runtime.js';
import type { HealthCheck, TargetGroup } from '../world.js';
import { findLb, findTg, tgLoadBalancerArns } from './lookup.js';
import { defaultAttributes } from './tg-attributes.js';
import { validateRange, validateTgName } from './validate.js';

/** The group as the SDK shows it. */
export function toSdkTargetGroup(rt: Runtime, tg: TargetGroup): SdkTargetGroup {
  const hc = tg.healthCheck;
  return {
    TargetGroupArn: tg.arn,
    TargetGroupName: tg.name,
    Protocol: tg.protocol as SdkTargetGroup['Protocol'],
    Port: tg.port,
    VpcId: tg.vpcId,
    HealthCheckProtocol: hc.protocol as SdkTargetGroup['HealthCheckProtocol'],
    HealthCheckPort: hc.port,
    HealthCheckEnabled: hc.enabled,
    HealthCheckIntervalSeconds: hc.intervalSeconds,
    HealthCheckTimeoutSeconds: hc.timeoutSeconds,
    HealthyThresholdCount: hc.healthyThreshold,
    UnhealthyThresholdCount: hc.unhealthyThreshold,
    HealthCheckPath: hc.path,
    Matcher: { HttpCode: hc.matcher },
    LoadBalancerArns: tgLoadBalancerArns(rt, tg.arn),
    TargetType: tg.targetType as SdkTargetGroup['TargetType'],
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

type HealthInput = Pick<
  CreateTargetGroupInput,
  | 'HealthCheckProtocol'
  | 'HealthCheckPort'
  | 'HealthCheckPath'
  | 'HealthCheckIntervalSeconds'
  | 'HealthCheckTimeoutSeconds'
  | 'HealthyThresholdCount'
  | 'UnhealthyThresholdCount'
  | 'Matcher'
  | 'HealthCheckEnabled'
>;

function healthCheck(input: HealthInput, base: HealthCheck): HealthCheck {
  validateRange('Health check interval', input.HealthCheckIntervalSeconds, 5, 300);
  validateRange('Health check timeout', input.HealthCheckTimeoutSeconds, 2, 120);
  validateRange('Healthy threshold count', input.HealthyThresholdCount, 2, 10);
  validateRange('Unhealthy threshold count', input.UnhealthyThresholdCount, 2, 10);
  const hc: HealthCheck = {
    protocol: input.HealthCheckProtocol ?? base.protocol,
    port: input.HealthCheckPort ?? base.port,
    path: input.HealthCheckPath ?? base.path,
    intervalSeconds: input.HealthCheckIntervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? base.timeoutSeconds,
    healthyThreshold: input.HealthyThresholdCount ?? base.healthyThreshold,
    unhealthyThreshold: input.UnhealthyThresholdCount ?? base.unhealthyThreshold,
    matcher: input.Matcher?.HttpCode ?? base.matcher,
    enabled: input.HealthCheckEnabled ?? base.enabled,
  };
  if (!hc.path.startsWith('/'))
    throw new SandboxError('ValidationError', "Health check path must begin with a '/' character");
  if (hc.timeoutSeconds >= hc.intervalSeconds)
    throw new SandboxError('ValidationError', 'Health check interval must be greater than the timeout.');
  return hc;
}

function sameSettings(a: TargetGroup, b: TargetGroup): boolean {
  return (
    a.protocol === b.protocol &&
    a.port === b.port &&
    a.vpcId === b.vpcId &&
    a.targetType === b.targetType &&
    JSON.stringify(a.healthCheck) === JSON.stringify(b.healthCheck)
  );
}

/** ELBv2 CreateTargetGroup with AWS's defaults; idempotent by name with the same settings. */
export function createTargetGroup(rt: Runtime, input: CreateTargetGroupInput) {
  const name = validateTgName(input.Name);
  const targetType = input.TargetType ?? 'instance';
  if (targetType !== 'lambda' && (!input.Protocol || input.Port === undefined || !input.VpcId)) {
    throw new SandboxError('ValidationError', 'A protocol, a port and a VPC ID must be specified for a target group');
  }
  validateRange('Port', input.Port, 1, 65535);
  if (input.VpcId && !rt.world.ec2.vpcs.some((v) => v.id === input.VpcId))
    throw new SandboxError('ValidationError', `The VPC ID '${input.VpcId}' is not found`);
  const protocol = input.Protocol ?? 'HTTP';
  const tg: TargetGroup = {
    arn: `arn:aws:elasticloadbalancing:${rt.region}:${rt.accountId}:targetgroup/${name}/${hex(16)}`,
    name,
    protocol,
    port: input.Port ?? 80,
    vpcId: input.VpcId ?? '',
    targetType,
    healthCheck: healthCheck(input, {
      protocol,
      port: 'traffic-port',
      path: '/',
      intervalSeconds: 30,
      timeoutSeconds: 5,
      healthyThreshold: 5,
      unhealthyThreshold: 2,
      matcher: '200',
      enabled: true,
    }),
    attributes: { ...defaultAttributes },
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' })),
    targets: [],
  };
  const existing = rt.world.elb.targetGroups.find((t) => t.name === name);
  if (existing) {
    if (sameSettings(existing, tg)) return { TargetGroups: [toSdkTargetGroup(rt, existing)] };
    throw new SandboxError(
      'DuplicateTargetGroupName',
      `A target group with the same name '${name}' exists, but with different settings`,
    );
  }
  rt.world.elb.targetGroups.push(tg);
  rt.changed();
  return { TargetGroups: [toSdkTargetGroup(rt, tg)] };
}

/** ELBv2 DescribeTargetGroups by load balancer, ARNs or names, paginated. */
export function describeTargetGroups(rt: Runtime, input: DescribeTargetGroupsInput) {
  let tgs = rt.world.elb.targetGroups;
  if (input.LoadBalancerArn) {
    findLb(rt, input.LoadBalancerArn);
    tgs = tgs.filter((t) => tgLoadBalancerArns(rt, t.arn).includes(input.LoadBalancerArn ?? ''));
  }
  if (input.TargetGroupArns?.length) {
    if (input.TargetGroupArns.some((arn) => !tgs.some((t) => t.arn === arn))) findTg(rt, 'missing');
    tgs = tgs.filter((t) => input.TargetGroupArns?.includes(t.arn));
  }
  if (input.Names?.length) {
    if (input.Names.some((n) => !tgs.some((t) => t.name === n)))
      throw new SandboxError('TargetGroupNotFound', `One or more target groups not found`);
    tgs = tgs.filter((t) => input.Names?.includes(t.name));
  }
  const { page, next } = paginate(tgs, input.Marker, input.PageSize, { min: 1, max: 400 });
  return { TargetGroups: page.map((t) => toSdkTargetGroup(rt, t)), NextMarker: next };
}

/** ELBv2 DeleteTargetGroup: `ResourceInUse` while a listener or rule forwards to it. */
export function deleteTargetGroup(rt: Runtime, input: DeleteTargetGroupInput) {
  const tg = rt.world.elb.targetGroups.find((t) => t.arn === input.TargetGroupArn);
  if (!tg) return {};
  if (tgLoadBalancerArns(rt, tg.arn).length > 0) {
    throw new SandboxError('ResourceInUse', `Target group '${tg.arn}' is currently in use by a listener or a rule`);
  }
  rt.world.elb.targetGroups = rt.world.elb.targetGroups.filter((t) => t !== tg);
  rt.changed();
  rt.kick();
  return {};
}

/** ELBv2 ModifyTargetGroup: health check settings. */
export function modifyTargetGroup(rt: Runtime, input: ModifyTargetGroupInput) {
  const tg = findTg(rt, input.TargetGroupArn);
  tg.healthCheck = healthCheck(input, tg.healthCheck);
  rt.changed();
  rt.kick();
  return { TargetGroups: [toSdkTargetGroup(rt, tg)] };
}
