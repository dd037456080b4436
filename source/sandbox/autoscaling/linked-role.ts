import { hex } from '../ids.js';
import type { Runtime } from '../runtime.js';

/**
 * Creates `AWSServiceRoleForAutoScaling` if the account has none yet, as Auto Scaling does with
 * its first group (a service-linked role, so it outlives the group and teardown leaves it).
 */
export function ensureLinkedRole(rt: Runtime, arn: string): void {
  const name = 'AWSServiceRoleForAutoScaling';
  if (rt.world.iam.roles.some((r) => r.name === name)) return;
  rt.world.iam.roles.push({
    name,
    path: '/aws-service-role/autoscaling.amazonaws.com/',
    arn,
    id: `AROA${hex(17).toUpperCase()}`,
    createDate: new Date().toISOString(),
    assumeRolePolicyDocument: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'autoscaling.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
    description:
      'Default Service-Linked Role enables access to AWS Services and Resources used or managed by Auto Scaling',
    tags: [],
    attachedPolicyArns: [],
  });
  rt.changed();
}
