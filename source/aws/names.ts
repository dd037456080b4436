/**
 * Resource names derived from `--stack`. ALB and target group names allow 32 characters of
 * `[a-zA-Z0-9-]`, must not start or end with `-`, and an ALB name must not start with
 * `internal-`; a stack of at most 24 such characters keeps every derived name within the rules.
 */
export const STACK_MAX_LENGTH = 24;

/** Returns why a stack name is not allowed, or undefined when it is. */
export function validateStackName(stack: string): string | undefined {
  if (stack.length === 0 || stack.length > STACK_MAX_LENGTH) {
    return `--stack must be 1-${STACK_MAX_LENGTH} characters (ALB and target group names allow 32), got ${stack.length}`;
  }
  if (!/^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(stack)) {
    return '--stack may hold only letters, digits and hyphens, and must not start or end with a hyphen';
  }
  if (stack.toLowerCase().startsWith('internal-'))
    return "--stack must not start with 'internal-' (AWS reserves it for ALB names)";
  return undefined;
}

export type StackNames = {
  albSecurityGroup: string;
  targetGroup: string;
  loadBalancer: string;
  taskFamily: string;
  containerName: string;
  service: string;
};

/** Every name a stack uses, e.g. `demo-alb`, `demo-tg`, `demo-svc`. */
export function stackNames(stack: string): StackNames {
  return {
    albSecurityGroup: `${stack}-alb-sg`,
    targetGroup: `${stack}-tg`,
    loadBalancer: `${stack}-alb`,
    taskFamily: `${stack}-hostname`,
    containerName: 'hostname',
    service: `${stack}-svc`,
  };
}
