/**
 * Resource names derived from `--stack`, and AWS's rule for each kind of name, so a stack whose
 * names AWS would refuse is turned away before anything is created (not at the load balancer,
 * after the security groups and the target group already exist).
 */

/** The kinds of name the wizard derives from `--stack`. */
export type NameKind = 'security-group' | 'target-group' | 'load-balancer' | 'task-family' | 'service';

type NameRule = {
  /** How a message names the kind, e.g. `load balancer`. */
  what: string;
  max: number;
  /** Every character must match. */
  char: RegExp;
  chars: string;
  /** Must not begin or end with `-`. */
  hyphenEdges?: true;
  /** AWS refuses names that begin with these (compared ignoring case). */
  reservedPrefixes?: string[];
};

const ELB_CHARS = { char: /[a-zA-Z0-9-]/, chars: 'letters, digits and hyphens' };
const ECS_CHARS = { char: /[a-zA-Z0-9_-]/, chars: 'letters, digits, hyphens and underscores' };

/**
 * AWS's rules, from the API references (the SDK models' docs): ELBv2 CreateLoadBalancer and
 * CreateTargetGroup `Name`, EC2 CreateSecurityGroup `GroupName`, ECS RegisterTaskDefinition
 * `family` and CreateService `serviceName`.
 */
export const nameRules: Record<NameKind, NameRule> = {
  'security-group': {
    what: 'security group',
    max: 255,
    char: /[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]/,
    chars: 'letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*',
    reservedPrefixes: ['sg-'],
  },
  'target-group': { what: 'target group', max: 32, ...ELB_CHARS, hyphenEdges: true },
  'load-balancer': {
    what: 'load balancer',
    max: 32,
    ...ELB_CHARS,
    hyphenEdges: true,
    reservedPrefixes: ['internal-'],
  },
  'task-family': { what: 'task definition family', max: 255, ...ECS_CHARS },
  service: { what: 'ECS service', max: 255, ...ECS_CHARS },
};

/** Why AWS would refuse `name` as a name of this kind, or undefined when it accepts it. */
export function nameProblem(kind: NameKind, name: string): string | undefined {
  const rule = nameRules[kind];
  const label = `the ${rule.what} name '${name}'`;
  if (name.length === 0) return `${label} is empty`;
  if (name.length > rule.max) return `${label} is ${name.length} characters, AWS allows ${rule.max}`;
  const bad = [...name].find((c) => !rule.char.test(c));
  if (bad !== undefined) return `${label} holds '${bad}': AWS allows only ${rule.chars}`;
  if (rule.hyphenEdges && (name.startsWith('-') || name.endsWith('-')))
    return `${label} begins or ends with a hyphen, which AWS refuses`;
  const reserved = rule.reservedPrefixes?.find((p) => name.toLowerCase().startsWith(p));
  if (reserved) return `${label} begins with '${reserved}', which AWS reserves`;
  return undefined;
}

export type StackNames = {
  albSecurityGroup: string;
  targetGroup: string;
  loadBalancer: string;
  taskFamily: string;
  containerName: string;
  service: string;
  /** The ECS cluster `--create-cluster` makes. */
  cluster: string;
  /** The instances' IAM role and the instance profile of the same name. */
  instanceRole: string;
  instanceSecurityGroup: string;
  launchTemplate: string;
  autoScalingGroup: string;
  capacityProvider: string;
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
    cluster: `${stack}-cluster`,
    instanceRole: `${stack}-ecs-instance`,
    instanceSecurityGroup: `${stack}-instances-sg`,
    launchTemplate: `${stack}-lt`,
    autoScalingGroup: `${stack}-asg`,
    capacityProvider: `${stack}-cp`,
  };
}

/** Each name derived from a stack with its kind, in the order setup creates them. */
function derivedNames(stack: string): [NameKind, string][] {
  const names = stackNames(stack);
  return [
    ['security-group', names.albSecurityGroup],
    ['target-group', names.targetGroup],
    ['load-balancer', names.loadBalancer],
    ['task-family', names.taskFamily],
    ['service', names.service],
  ];
}

/** The derived name that bounds the stack's length most tightly: `<stack>-alb` within 32. */
const tightest = derivedNames('')
  .map(([kind, suffix]) => ({ kind, suffix, room: nameRules[kind].max - suffix.length }))
  .reduce((a, b) => (b.room < a.room ? b : a));

/** The longest stack every derived name allows (28). */
export const STACK_MAX_LENGTH = tightest.room;

/**
 * Why `--stack` cannot be used, or undefined: every name derived from it is checked against
 * AWS's rule for its kind (length, characters, hyphens, reserved prefixes). One line naming
 * `--stack`, the derived name and the rule it breaks.
 */
export function validateStackName(stack: string): string | undefined {
  if (stack.length === 0) return '--stack must not be empty';
  if (stack.length > STACK_MAX_LENGTH) {
    const rule = nameRules[tightest.kind];
    return `--stack must be at most ${STACK_MAX_LENGTH} characters, got ${stack.length}: the ${rule.what} name '${stack}${tightest.suffix}' would be ${stack.length + tightest.suffix.length}, AWS allows ${rule.max}`;
  }
  for (const [kind, name] of derivedNames(stack)) {
    const problem = nameProblem(kind, name);
    if (problem) return `--stack '${stack}' cannot be used: ${problem}`;
  }
  return undefined;
}

/** ECS refuses capacity provider names that begin with these (CreateCapacityProvider `name`). */
const CAPACITY_PROVIDER_RESERVED = ['aws', 'ecs', 'fargate'];

/**
 * Why `--stack` cannot be used with `--create-cluster`, or undefined. The other derived names fit
 * whenever `validateStackName` passes (IAM role 64, launch template 128 characters); ECS refuses a
 * capacity provider name beginning with `aws`, `ecs` or `fargate`.
 */
export function capacityNamesProblem(stack: string): string | undefined {
  const name = stackNames(stack).capacityProvider;
  const reserved = CAPACITY_PROVIDER_RESERVED.find((p) => name.toLowerCase().startsWith(p));
  return reserved
    ? `--stack '${stack}' cannot be used with --create-cluster: the capacity provider name '${name}' begins with '${reserved}', which ECS reserves (aws, ecs, fargate)`
    : undefined;
}
