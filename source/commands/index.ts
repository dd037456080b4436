import type { CommandSpec } from './registry.js';

/** Every command, in the order `--help` lists them. Modules load only when their command runs. */
export const commands: CommandSpec[] = [
  {
    name: 'sandbox',
    usage: 'sandbox serve',
    summary: 'Run the local AWS-compatible sandbox endpoint (ECS, ELBv2, EC2, IAM, STS) with a live data plane',
    options: {
      port: { type: 'string', value: 'N', description: 'Port on 127.0.0.1 to listen on (default: 4566; 0 picks a free one)' },
      'time-scale': { type: 'string', value: 'X', description: 'How many times faster than AWS time runs (default: 60, minutes become seconds)' },
    },
    load: () => import('./sandbox.js'),
  },
];

export const defaultCommand = 'sandbox';
