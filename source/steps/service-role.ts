import { CreateServiceLinkedRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { isAwsError } from '../aws/errors.js';
import type { ServiceRoleResult } from '../model/results.js';
import { awsCommand } from './cli-text.js';
import type { Step, StepDeps } from './types.js';

export const ECS_SERVICE_LINKED_ROLE = 'AWSServiceRoleForECS';

async function getRoleArn(deps: StepDeps): Promise<string | undefined> {
  try {
    const out = await deps.clients.iam.send(new GetRoleCommand({ RoleName: ECS_SERVICE_LINKED_ROLE }), {
      abortSignal: deps.signal,
    });
    return out.Role?.Arn;
  } catch (error) {
    if (isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) return undefined;
    throw error;
  }
}

/**
 * Step 8: the memo passed `ecsServiceRole`; today ECS uses the account-wide service-linked role.
 * It is kept at teardown: every ECS cluster in the account relies on it.
 */
export const serviceRoleStep: Step<ServiceRoleResult> = {
  id: 'service-role',
  title: 'Make sure the ECS service-linked role exists',
  why: 'The memo gave the service ecsServiceRole with AmazonEC2ContainerServiceRole. That is obsolete: ECS uses the service-linked role AWSServiceRoleForECS, so we never pass a role.',
  keys: [],
  questions: () => [],
  validate: () => undefined,
  async execute(_answers, deps, record) {
    try {
      const existing = await getRoleArn(deps);
      if (existing) return { roleName: ECS_SERVICE_LINKED_ROLE, roleArn: existing, created: false };
      try {
        const out = await deps.clients.iam.send(
          new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }),
          { abortSignal: deps.signal },
        );
        const arn = out.Role?.Arn ?? ECS_SERVICE_LINKED_ROLE;
        record({ kind: 'service-linked-role', id: arn, label: ECS_SERVICE_LINKED_ROLE }, false);
        return { roleName: ECS_SERVICE_LINKED_ROLE, roleArn: arn, created: true };
      } catch (error) {
        // Created meanwhile (another tool, or ECS itself on first cluster use): that is fine.
        if (!isAwsError(error, 'InvalidInput', 'InvalidInputException')) throw error;
        const arn = await getRoleArn(deps);
        if (!arn) throw error;
        return { roleName: ECS_SERVICE_LINKED_ROLE, roleArn: arn, created: false };
      }
    } catch (cause) {
      throw new Error(`ensure the service-linked role ${ECS_SERVICE_LINKED_ROLE}`, { cause });
    }
  },
  teardown(_resource, deps) {
    deps.emit({
      type: 'log',
      step: 'service-role',
      message: `kept ${ECS_SERVICE_LINKED_ROLE}: it is account-wide and ECS needs it while any cluster exists (delete it yourself with aws iam delete-service-linked-role once no cluster is left)`,
    });
    return Promise.resolve('kept');
  },
  summary: (r) => [`${r.roleName} ${r.created ? 'created' : 'already there'} (${r.roleArn})`],
  cli: () => [
    [
      awsCommand('iam get-role', ['--role-name', ECS_SERVICE_LINKED_ROLE]),
      '>/dev/null 2>&1 ||',
      awsCommand('iam create-service-linked-role', ['--aws-service-name', 'ecs.amazonaws.com']),
    ].join(' '),
  ],
};
