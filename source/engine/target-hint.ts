/**
 * What to do when a task's load balancer target explains why it never answered, keyed by the
 * reason codes DescribeTargetHealth returns (Elastic Load Balancing User Guide, "Target health
 * status"). Quoted in the verifier's report next to the silent task.
 */
export function targetHint(
  state: string,
  reason: string | undefined,
  hostPortRange = '32768-65535',
): string | undefined {
  switch (reason) {
    case 'Target.Timeout':
      return `the instances' security group must allow the ALB security group on ${hostPortRange}`;
    case 'Target.FailedHealthChecks':
      return 'the health check could not get an answer: check that the container listens on its container port';
    case 'Target.ResponseCodeMismatch':
      return 'the health check got an unexpected HTTP status: check the health check path and the container port';
    case 'Elb.RegistrationInProgress':
    case 'Elb.InitialHealthChecking':
      return 'health checks have not passed yet: wait until the target is healthy, then verify again';
    case 'Target.DeregistrationInProgress':
      return 'the target is draining: ECS is stopping or replacing this task';
    case 'Target.NotInUse':
      return "the target group is not used by a listener rule, or the instance's Availability Zone is not enabled on the load balancer";
    case 'Target.InvalidState':
      return 'the instance is stopped or terminated';
    case 'Target.NotRegistered':
      return "the task is not registered in the target group: check the service's load balancer container name and port";
    default:
      break;
  }
  if (state === 'not registered')
    return 'no target with this instance and port in the target group: ECS has not registered the task (yet), or the service uses another target group';
  if (state === 'healthy')
    return 'its target is healthy, so the load balancer should route to it: it may have become healthy during the run; verify again';
  return undefined;
}
