import { describe, expect, it } from 'vitest';
import { friendlyError, isAwsError } from '../../source/aws/errors.js';
import { awsError } from '../steps/aws-mocks.js';

describe('friendlyError', () => {
  it.each([
    [
      awsError('CredentialsProviderError', 'Could not load credentials from any providers'),
      /No AWS credentials found/,
      /--sandbox/,
    ],
    [
      awsError('ExpiredTokenException', 'The security token included in the request is expired', 400),
      /expired or invalid/,
      /--sandbox/,
    ],
    [
      awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      /expired or invalid/,
      /--profile/,
    ],
    [
      awsError(
        'AccessDenied',
        'User: arn:aws:iam::1:user/x is not authorized to perform: elasticloadbalancing:CreateTargetGroup on resource: *',
        403,
      ),
      /Access denied for elasticloadbalancing:CreateTargetGroup/,
      /Grant elasticloadbalancing:CreateTargetGroup/,
    ],
    [awsError('ThrottlingException', 'Rate exceeded'), /kept throttling/, /run the same command again/],
    [awsError('InternalFailure', 'oops', 500), /server error after retries/, /progress is saved/],
    [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      /Cannot reach the AWS endpoint/,
      /--endpoint-url/,
    ],
  ])('Given %s, Then the line says what happened and the hint what to do', (error, message, hint) => {
    const friendly = friendlyError(new Error('create target group', { cause: error }));
    expect(friendly.message).toMatch(message);
    expect(friendly.message).toMatch(/^.*create target group|^No AWS|^AWS|^Access|^Cannot/);
    expect(friendly.hint).toMatch(hint);
    expect(friendly.message).not.toContain('\n');
  });

  it('Given any other AWS error, Then the message keeps the action and AWS\u2019s words and the code', () => {
    const friendly = friendlyError(
      new Error('create load balancer demo-alb', {
        cause: awsError(
          'ValidationError',
          'At least two subnets in two different Availability Zones must be specified',
        ),
      }),
    );
    expect(friendly).toMatchObject({
      code: 'ValidationError',
      message:
        'create load balancer demo-alb: At least two subnets in two different Availability Zones must be specified',
      progressSaved: true,
    });
  });
});

describe('isAwsError', () => {
  it('matches the SDK class name and the wire code alike, through causes', () => {
    const wrapped = new Error('delete target group', { cause: awsError('ResourceInUseException') });
    expect(isAwsError(wrapped, 'ResourceInUse')).toBe(true);
    expect(isAwsError(awsError('InvalidGroup.NotFound'), 'InvalidGroup.NotFound')).toBe(true);
    expect(isAwsError(awsError('DependencyViolation'), 'ResourceInUse')).toBe(false);
  });
});
