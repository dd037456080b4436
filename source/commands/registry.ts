import { answerOptions } from './kit/answer-options.js';
import { noWatchOption, waitTimeoutOption, watchOptions, type OptionSpec } from './kit/options.js';
import type { CommandSpec } from './kit/types.js';

/** The verifier's tuning, for `verify` (both modes) and the verification that ends `scale`. */
const verifyTuningOptions = {
  concurrency: { type: 'string', value: 'N', description: 'Requests in flight at once (default: 8)' },
  timeout: {
    type: 'string',
    value: 'S',
    description: 'Per-request timeout for headers and body, in seconds (default: 5)',
  },
  requests: {
    type: 'string',
    value: 'N',
    description: 'Most requests to send (default: room for a verdict, at least 2000)',
  },
  budget: { type: 'string', value: 'S', description: 'Overall time budget in seconds (default: 60)' },
  'hostname-regex': {
    type: 'string',
    value: 'RE',
    description: "Backend id is this regex's first group in the body (default: the trimmed body)",
  },
  'max-error-rate': {
    type: 'string',
    value: 'R',
    description: 'Share of failed requests that still passes, 0 to 1 (default: 0)',
  },
  tolerance: {
    type: 'string',
    value: 'T',
    description: "How far each backend's share may stray from its fair share, 0.01 to 1 (default: 0.35, i.e. ±35%)",
  },
} satisfies Record<string, OptionSpec>;

/** Every command, in the order `--help` lists them. Modules load only when their command runs. */
export const commands: CommandSpec[] = [
  {
    name: 'setup',
    usage: 'setup',
    summary:
      'Put an ECS service behind an Application Load Balancer, step by step (default; resumes a stack part-way; exit 0 up and verified PASS, 3 up but not verified, 1 a step failed)',
    options: { ...answerOptions, ...waitTimeoutOption },
    load: () => import('./setup-entry.js'),
  },
  {
    name: 'status',
    usage: 'status',
    summary: "Saved progress and the live state of the stack's resources (targets with instance:port and health)",
    options: {},
    load: () => import('./status.js'),
  },
  {
    name: 'scale',
    usage: 'scale N',
    summary:
      'Set the service to N tasks (out or in) with a paced load running, wait until N targets are healthy and the old drained, and judge the change (exit 0 PASS, 1 FAIL, 2 usage, 130 interrupted)',
    options: { ...waitTimeoutOption, ...watchOptions, ...noWatchOption, ...verifyTuningOptions },
    load: () => import('./scale.js'),
  },
  {
    name: 'deploy',
    usage: 'deploy',
    summary:
      'Roll out a new task definition revision with a paced load running, wait until the deployment is COMPLETED (or rolled back), and judge the change (exit 0 PASS, 1 FAIL, 2 usage, 130 interrupted)',
    options: {
      image: {
        type: 'string',
        value: 'IMAGE',
        description: 'Container image of the new revision (default: the current image)',
      },
      env: {
        type: 'string',
        value: 'KEY=VALUE',
        multiple: true,
        description: 'Set a container environment variable in the new revision; repeatable (default: the current ones)',
      },
      ...waitTimeoutOption,
      ...watchOptions,
      ...noWatchOption,
      timeout: verifyTuningOptions.timeout,
      'hostname-regex': verifyTuningOptions['hostname-regex'],
      'max-error-rate': verifyTuningOptions['max-error-rate'],
      tolerance: verifyTuningOptions.tolerance,
    },
    load: () => import('./deploy.js'),
  },
  {
    name: 'teardown',
    usage: 'teardown',
    summary: 'Delete everything the stack created, in reverse order (asks first unless --yes)',
    options: { ...waitTimeoutOption },
    load: () => import('./teardown.js'),
  },
  {
    name: 'plan',
    usage: 'plan',
    summary: 'Show what setup would do, as steps and the equivalent aws CLI commands',
    options: {
      ...answerOptions,
      format: {
        type: 'string',
        value: 'FORMAT',
        description: 'text (default) or sh: a shell script of the aws CLI commands',
      },
    },
    load: () => import('./plan.js'),
  },
  {
    name: 'sandbox',
    usage: 'sandbox serve',
    summary:
      'Run the local AWS-compatible sandbox endpoint (ECS, ELBv2, EC2, Auto Scaling, IAM, SSM, STS) with a live data plane',
    options: {
      port: {
        type: 'string',
        value: 'N',
        description: 'Port on 127.0.0.1 to listen on (default: 4566; 0 picks a free one)',
      },
      'time-scale': {
        type: 'string',
        value: 'X',
        description: 'How many times faster than AWS time runs (default: 60, minutes become seconds)',
      },
      seed: {
        type: 'string',
        value: 'NAME',
        description:
          "A new sandbox's world: memo (default; cluster ecs-demo with two instances) or empty (only the default VPC, for --create-cluster). A saved world keeps its own",
      },
    },
    load: () => import('./sandbox.js'),
  },
  {
    name: 'verify',
    usage: 'verify',
    summary:
      'Prove that requests spread evenly over every container of the stack, or over the backends of any --url; --watch keeps a paced load with a per-second timeline (exit 0 PASS, 1 FAIL, 2 usage, 130 interrupted)',
    options: {
      url: {
        type: 'string',
        value: 'URL',
        description: 'Verify this URL instead of the stack; a bare host gets the path /hostname',
      },
      expect: {
        type: 'string',
        value: 'ID,ID,...',
        description: 'Backend ids (response bodies) that must all answer, and no others',
      },
      'expect-count': {
        type: 'string',
        value: 'N',
        description: 'Number of distinct backends that must answer, when their ids are unknown',
      },
      ...verifyTuningOptions,
      watch: {
        type: 'boolean',
        description:
          'Keep a paced load running and draw a per-second timeline with what ECS and ELBv2 said (--rate, --duration)',
      },
      ...watchOptions,
      'connect-to': {
        type: 'string',
        value: 'H:P:H2:P2',
        description: "Connect to H2:P2 instead of the URL's H:P, keeping its Host header (as curl)",
      },
      ...waitTimeoutOption,
    },
    load: () => import('./verify.js'),
  },
];

export const defaultCommand = 'setup';
