import type { ElbTargets } from '../contracts.js';
import { ecsErrors } from './errors.js';
import type { Input } from './input.js';
import type { LoadBalancerRecord, TaskDefinitionRecord } from './model.js';

/**
 * Reads and checks a service's `loadBalancers` against ELBv2 and the task definition, with the
 * messages ECS sends: the target group must exist and be on a listener or rule, the container and
 * its port must exist, and a bridge-mode task needs target type `instance`.
 */
export function readLoadBalancers(
  input: Input,
  taskDefinition: TaskDefinitionRecord,
  elb: ElbTargets,
): LoadBalancerRecord[] {
  return input.objects('loadBalancers').map((lb) => {
    if (lb.has('loadBalancerName') && !lb.has('targetGroupArn')) {
      throw ecsErrors.invalidParameter(
        'The sandbox supports Application Load Balancer target groups only: give targetGroupArn.',
      );
    }
    const targetGroupArn = lb.string('targetGroupArn', 'targetGroupArn can not be blank.');
    const containerName = lb.string('containerName', 'containerName can not be blank.');
    const containerPort = lb.optionalInteger('containerPort');
    if (containerPort === undefined) throw ecsErrors.invalidParameter('containerPort can not be null.');
    const targetGroup = elb.describeTargetGroup(targetGroupArn);
    if (!targetGroup) {
      throw ecsErrors.invalidParameter(
        'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.',
      );
    }
    if (!targetGroup.associated) {
      throw ecsErrors.invalidParameter(
        `The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`,
      );
    }
    const container = taskDefinition.containerDefinitions.find((c) => c.name === containerName);
    if (!container)
      throw ecsErrors.invalidParameter(`The container ${containerName} does not exist in the task definition.`);
    if (!container.portMappings.some((p) => p.containerPort === containerPort)) {
      throw ecsErrors.invalidParameter(
        `The container ${containerName} did not have a container port ${containerPort} defined.`,
      );
    }
    const wanted = taskDefinition.networkMode === 'awsvpc' ? 'ip' : 'instance';
    if (targetGroup.targetType !== wanted) {
      throw ecsErrors.invalidParameter(
        `The provided target group ${targetGroupArn} has target type ${targetGroup.targetType}, which is incompatible with the ${taskDefinition.networkMode} network mode specified in the task definition.`,
      );
    }
    return { targetGroupArn, containerName, containerPort };
  });
}

/** Two load balancer lists name the same targets. */
export function sameLoadBalancers(a: LoadBalancerRecord[], b: LoadBalancerRecord[]): boolean {
  const key = (lb: LoadBalancerRecord) => `${lb.targetGroupArn} ${lb.containerName} ${lb.containerPort}`;
  return a.length === b.length && a.every((lb, i) => b[i] !== undefined && key(lb) === key(b[i]));
}
