import type { OptionSpec } from '../commands/kit/options.js';
import { defaults } from './defaults.js';
import { answerFlags } from './validators.js';
import type { AnswerKey, Answers } from '../model/answers.js';

const descriptions: Record<AnswerKey, [string, string]> = {
  cluster: ['NAME', 'Existing ECS cluster with EC2 container instances (default: the only one)'],
  subnets: ['IDS', 'Load balancer subnets, comma-separated, in 2+ AZs (default: one per AZ of the VPC)'],
  listenerPort: ['PORT', `HTTP port the load balancer listens on (default: ${defaults.listenerPort})`],
  allowCidr: ['CIDR', `Who may reach the load balancer (default: ${defaults.allowCidr})`],
  hostPortRange: ['FROM-TO', `Dynamic host ports the load balancer may reach on the instances (default: ${defaults.hostPortRange})`],
  healthCheckPath: ['PATH', `Target group health check path (default: ${defaults.healthCheckPath})`],
  deregistrationDelay: ['SECONDS', `Target draining time, 0-3600 (default: ${defaults.deregistrationDelay})`],
  scheme: ['SCHEME', `internet-facing or internal (default: ${defaults.scheme})`],
  pathPattern: ['PATTERN', `Listener rule path pattern (default: ${defaults.pathPattern})`],
  containerPort: ['PORT', `Port the container listens on (default: ${defaults.containerPort})`],
  image: ['IMAGE', `Container image answering GET /hostname (default: ${defaults.image})`],
  memory: ['MIB', `Memory reservation per task in MiB (default: ${defaults.memory})`],
  desiredCount: ['N', `Tasks the service starts with (default: ${defaults.desiredCount})`],
  scaleTo: ['N', `Tasks to scale out to (default: ${defaults.scaleTo})`],
};

/** The `--flag` name (without dashes) for an answer key. */
export function flagName(key: AnswerKey): string {
  return answerFlags[key].slice(2);
}

/** One string flag per answer, for the command registry (setup and plan take them all). */
export const answerOptions: Record<string, OptionSpec> = Object.fromEntries(
  (Object.keys(descriptions) as AnswerKey[]).map((key) => {
    const [value, description] = descriptions[key];
    return [flagName(key), { type: 'string', value, description }];
  }),
);

/** `--wait-timeout`: bounds every wait. */
export const waitTimeoutOption: Record<string, OptionSpec> = {
  'wait-timeout': { type: 'string', value: 'DURATION', description: 'Longest any single wait may take, e.g. 900, 90s, 15m (default: 15m)' },
};

/** The answers the flags carry (only those given). */
export function answersFromFlags(flags: Record<string, string | boolean | undefined>): Answers {
  const answers: Answers = {};
  for (const key of Object.keys(descriptions) as AnswerKey[]) {
    const value = flags[flagName(key)];
    if (typeof value === 'string') answers[key] = value.trim();
  }
  return answers;
}
