import { describe, expect, it } from 'vitest';
import { nameProblem, validateStackName } from '../../source/aws/names.js';
import { answerTable, validateAnswerFormats } from '../../source/steps/answer-table.js';
import type { AnswerKey } from '../../source/model/answers.js';

describe('answer validators', () => {
  const cases: [AnswerKey, string, RegExp | undefined][] = [
    ['listenerPort', '80', undefined],
    ['listenerPort', '0', /--listener-port must be a port 1-65535/],
    ['listenerPort', '70000', /--listener-port/],
    ['listenerPort', 'http', /--listener-port/],
    ['allowCidr', '0.0.0.0/0', undefined],
    ['allowCidr', '203.0.113.0/24', undefined],
    ['allowCidr', '300.0.0.0/8', /--allow-cidr must be an IPv4 CIDR/],
    ['allowCidr', '10.0.0.0', /--allow-cidr/],
    ['hostPortRange', '32768-65535', undefined],
    ['hostPortRange', '80-65535', /--host-port-range must start at 1024/],
    ['hostPortRange', '0-65535', /--host-port-range must be FROM-TO/],
    ['hostPortRange', '40000-30000', /FROM <= TO/],
    ['healthCheckPath', '/hostname', undefined],
    ['healthCheckPath', 'hostname', /--health-check-path must start with \//],
    ['deregistrationDelay', '30', undefined],
    ['deregistrationDelay', '3601', /--deregistration-delay must be a number of seconds 0-3600/],
    ['scheme', 'internal', undefined],
    ['scheme', 'public', /--scheme must be internet-facing or internal/],
    ['pathPattern', '/*', undefined],
    ['pathPattern', '/a b', /--path-pattern/],
    ['containerPort', '4567', undefined],
    ['image', 'public.ecr.aws/docker/library/busybox:stable', undefined],
    ['image', 'my image', /--image/],
    ['memory', '128', undefined],
    ['memory', '2', /--memory must be MiB 6-30720/],
    ['desiredCount', '1', undefined],
    ['desiredCount', '0', /--desired-count/],
    ['scaleTo', '3', undefined],
    ['scaleTo', '-1', /--scale-to/],
    ['subnets', 'subnet-0abc00000000000a1,subnet-0abc00000000000c1', undefined],
    ['subnets', 'subnet-0abc00000000000a1', /at least two subnets/],
    ['subnets', 'subnet-0abc00000000000a1,sub-2', /--subnets must be comma-separated subnet ids/],
    ['cluster', 'ecs-demo', undefined],
    ['cluster', 'ecs demo', /--cluster/],
  ];

  it.each(cases)('Given %s=%j, Then the verdict names the flag and rule', (key, value, expected) => {
    const problem = answerTable[key].validate(value);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });

  it('Given several answers, When one is bad, Then the first problem names its flag', () => {
    expect(validateAnswerFormats({ listenerPort: '80', memory: 'lots' })).toMatch(/^--memory/);
    expect(validateAnswerFormats({ listenerPort: '80' })).toBeUndefined();
  });
});

describe('stack names', () => {
  it.each([
    ['demo', undefined],
    ['team-a-2', undefined],
    ['a'.repeat(28), undefined],
    ['demo-', undefined],
    [
      'a'.repeat(29),
      /^--stack must be at most 28 characters, got 29: the load balancer name 'a{29}-alb' would be 33, AWS allows 32$/,
    ],
    ['a'.repeat(30), /^--stack must be at most 28 characters, got 30/],
    ['internal', /^--stack 'internal' cannot be used: the load balancer name 'internal-alb' begins with 'internal-'/],
    ['INTERNAL', /load balancer name 'INTERNAL-alb' begins with 'internal-'/],
    ['internal-x', /begins with 'internal-'/],
    ['internals', undefined],
    ['sg-x', /^--stack 'sg-x' cannot be used: the security group name 'sg-x-alb-sg' begins with 'sg-'/],
    ['-demo', /target group name '-demo-tg' begins or ends with a hyphen/],
    ['demo_1', /target group name 'demo_1-tg' holds '_': AWS allows only letters, digits and hyphens/],
    ['a.b', /holds '\.'/],
    ['', /^--stack must not be empty$/],
  ])('Given --stack %j, Then it is %s', (stack, expected) => {
    const problem = validateStackName(stack);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});

describe('AWS name rules', () => {
  it.each([
    ['load-balancer', 'a'.repeat(32), undefined],
    ['load-balancer', 'a'.repeat(33), /33 characters, AWS allows 32/],
    ['load-balancer', 'my-alb-', /hyphen/],
    ['load-balancer', 'internal-web', /'internal-'/],
    ['target-group', 'internal-tg', undefined],
    ['target-group', 'a b', /holds ' '/],
    ['security-group', 'web sg (public)', undefined],
    ['security-group', 'sg-web', /'sg-'/],
    ['security-group', 'a'.repeat(256), /256 characters, AWS allows 255/],
    ['security-group', 'caf\u00e9', /holds '\u00e9'/],
    ['task-family', 'web_app-1', undefined],
    ['task-family', 'web.app', /holds '\.'/],
    ['service', 'a'.repeat(255), undefined],
    ['service', '', /is empty/],
  ] as const)('Given a %s name %j, Then AWS would say %s', (kind, name, expected) => {
    const problem = nameProblem(kind, name);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});
