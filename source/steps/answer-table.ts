/**
 * The answer table: for every answer its flag, help placeholder and description, default and
 * format check. Questions, the steps' `validate`, the flag checks and (in commands/) the option
 * specs and help are built from it, so a flag is spelled once.
 */
import type { AnswerKey, Answers, InvalidAnswers } from '../model/answers.js';
import { defaults } from './defaults.js';
import type { Question } from './types.js';
import * as check from './validators.js';

export type AnswerSpec = {
  /** The flag that carries it, e.g. `--listener-port`. */
  flag: string;
  /** Help's placeholder for the value, e.g. `PORT`. */
  placeholder: string;
  /** What it is, for help (which adds the default). */
  description: string;
  /** What a question starts from, and what runs without a prompt take. */
  default?: string;
  /** How help names a default that comes from the account, e.g. `the only one`. */
  defaultHint?: string;
  /** A switch (`--create-cluster`): given means `true`; stored as `true` or `false`. */
  boolean?: true;
  /** Pure format check; the problem names the flag, undefined when the value is fine. */
  validate: (value: string) => string | undefined;
};

function answer(spec: Omit<AnswerSpec, 'validate'>, format: check.FormatCheck): AnswerSpec {
  return { ...spec, validate: (value) => format(value, spec.flag) };
}

const port = check.integerIn(1, 65535, 'a port');

/**
 * The most tasks a service of this wizard can run. In bridge mode each task is one target (instance
 * id + host port) of the one target group, and Elastic Load Balancing's default quotas allow 1,000
 * targets per Application Load Balancer and per target group; ECS itself allows 5,000 tasks per service.
 */
export const MAX_TASKS = 1000;

/** Where `MAX_TASKS` comes from, for the message that refuses more. */
export const MAX_TASKS_WHY =
  "each task is one load balancer target, and Elastic Load Balancing allows 1,000 targets per Application Load Balancer and per target group (the default quotas 'Targets per Application Load Balancer' and 'Targets per Target Group per Region'; AWS raises them on request in Service Quotas, but this wizard keeps to the defaults; Amazon ECS allows 5,000 tasks per service)";

const taskCount = check.taskCountIn(MAX_TASKS, MAX_TASKS_WHY);

/** In the order help lists them. */
export const answerTable: Readonly<Record<AnswerKey, AnswerSpec>> = {
  createCluster: answer(
    {
      flag: '--create-cluster',
      placeholder: '',
      description:
        'Create the ECS cluster and its EC2 capacity (Auto Scaling group, capacity provider) instead of using one',
      default: defaults.createCluster,
      boolean: true,
    },
    check.booleanWord,
  ),
  cluster: answer(
    {
      flag: '--cluster',
      placeholder: 'NAME',
      description: 'Existing ECS cluster with EC2 container instances',
      defaultHint: 'the only one',
    },
    check.clusterName,
  ),
  instanceType: answer(
    {
      flag: '--instance-type',
      placeholder: 'TYPE',
      description: 'EC2 instance type with --create-cluster (Graviton types such as t4g.small take the arm64 AMI)',
      default: defaults.instanceType,
    },
    check.instanceType,
  ),
  instances: answer(
    {
      flag: '--instances',
      placeholder: 'N',
      description: 'EC2 instances with --create-cluster, 1-10',
      default: defaults.instances,
    },
    check.integerIn(1, 10, 'a number of instances'),
  ),
  subnets: answer(
    {
      flag: '--subnets',
      placeholder: 'IDS',
      description: 'Load balancer subnets, comma-separated, in 2+ AZs',
      defaultHint: 'one per AZ of the VPC',
    },
    check.subnetIds,
  ),
  listenerPort: answer(
    {
      flag: '--listener-port',
      placeholder: 'PORT',
      description: 'HTTP port the load balancer listens on',
      default: defaults.listenerPort,
    },
    port,
  ),
  allowCidr: answer(
    {
      flag: '--allow-cidr',
      placeholder: 'CIDR',
      description: 'Who may reach the load balancer',
      default: defaults.allowCidr,
    },
    check.ipv4Cidr,
  ),
  hostPortRange: answer(
    {
      flag: '--host-port-range',
      placeholder: 'FROM-TO',
      description: 'Dynamic host ports the load balancer may reach on the instances',
      default: defaults.hostPortRange,
    },
    check.hostPortRange,
  ),
  healthCheckPath: answer(
    {
      flag: '--health-check-path',
      placeholder: 'PATH',
      description: 'Target group health check path',
      default: defaults.healthCheckPath,
    },
    check.urlPath,
  ),
  deregistrationDelay: answer(
    {
      flag: '--deregistration-delay',
      placeholder: 'SECONDS',
      description: "Target draining time, 0-3600; under the container's 30 s stop timeout",
      default: defaults.deregistrationDelay,
    },
    check.integerIn(0, 3600, 'a number of seconds'),
  ),
  scheme: answer(
    { flag: '--scheme', placeholder: 'SCHEME', description: 'internet-facing or internal', default: defaults.scheme },
    check.oneOf('internet-facing', 'internal'),
  ),
  pathPattern: answer(
    {
      flag: '--path-pattern',
      placeholder: 'PATTERN',
      description: 'Listener rule path pattern',
      default: defaults.pathPattern,
    },
    check.pathPattern,
  ),
  containerPort: answer(
    {
      flag: '--container-port',
      placeholder: 'PORT',
      description: 'Port the container listens on',
      default: defaults.containerPort,
    },
    port,
  ),
  image: answer(
    {
      flag: '--image',
      placeholder: 'IMAGE',
      description: 'Container image answering GET /hostname',
      default: defaults.image,
    },
    check.imageReference,
  ),
  memory: answer(
    {
      flag: '--memory',
      placeholder: 'MIB',
      description: 'Memory reservation per task in MiB',
      default: defaults.memory,
    },
    check.integerIn(6, 30720, 'MiB'),
  ),
  desiredCount: answer(
    {
      flag: '--desired-count',
      placeholder: 'N',
      description: 'Tasks the service starts with',
      default: defaults.desiredCount,
    },
    taskCount,
  ),
  scaleTo: answer(
    { flag: '--scale-to', placeholder: 'N', description: 'Tasks to scale out to', default: defaults.scaleTo },
    taskCount,
  ),
};

/** Every answer key, in the table's order. */
export const answerKeys = Object.keys(answerTable) as AnswerKey[];

/** A text question for `key`: its flag, default and format check from the table. */
export function textQuestion(key: AnswerKey, message: string): Question {
  const spec = answerTable[key];
  return { key, flag: spec.flag, kind: 'text', message, default: spec.default, validate: spec.validate };
}

/** The text questions among `prompts` (key → message, in asking order) that `known` leaves open. */
export function textQuestions(known: Answers, prompts: Partial<Record<AnswerKey, string>>): Question[] {
  return (Object.entries(prompts) as [AnswerKey, string][])
    .filter(([key]) => known[key] === undefined)
    .map(([key, message]) => textQuestion(key, message));
}

/** A step's `validate` for answers with only a format rule: the first missing one, else the first bad one. */
export function checkAnswers(answers: Answers, keys: readonly AnswerKey[]): string | undefined {
  const missing = keys.find((key) => answers[key] === undefined);
  if (missing) return `${answerTable[missing].flag} is required`;
  for (const key of keys) {
    const problem = answerTable[key].validate(answers[key]!);
    if (problem) return problem;
  }
  return undefined;
}

/** The given answers split by their format check: those that pass, and the problem with each other. */
export function sortAnswers(answers: Answers): { valid: Answers; invalid: InvalidAnswers } {
  const valid: Answers = {};
  const invalid: InvalidAnswers = {};
  for (const [key, value] of Object.entries(answers) as [AnswerKey, string | undefined][]) {
    if (value === undefined) continue;
    const problem = answerTable[key].validate(value);
    if (problem) invalid[key] = { value, problem };
    else valid[key] = value;
  }
  return { valid, invalid };
}

/** The first format problem among the given answers, naming its flag; undefined when all pass. */
export function validateAnswerFormats(answers: Answers): string | undefined {
  return Object.values(sortAnswers(answers).invalid)[0]?.problem;
}
