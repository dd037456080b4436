import type { RecordedResource } from '../model/resources.js';
import type { StepResults } from '../model/results.js';
import type { Answers } from '../model/answers.js';
import type { StepId } from '../model/steps.js';

/** Bump when the record's shape changes, and add a migration to `migrations` in store.ts. */
export const STATE_VERSION = 1;

export type StepStatus = 'pending' | 'running' | 'done' | 'failed';

export type StepState = { status: StepStatus; error?: string; updatedAt: string };

/**
 * Everything saved about one stack: where it lives, the answers, each step's status and result,
 * and every resource created. Never credentials.
 */
export type StackRecord = {
  version: number;
  stack: string;
  region: string;
  endpointUrl?: string;
  createdAt: string;
  updatedAt: string;
  answers: Answers;
  steps: Partial<Record<StepId, StepState>>;
  results: StepResults;
  resources: RecordedResource[];
  /** The last verification results (e.g. `service`, `scale-out`), saved by the verifier's flow. */
  verifications?: Record<string, unknown>;
};

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** JSON schema conf validates the file against on every read and write. */
export const recordSchema = {
  type: 'object',
  required: ['version', 'stack', 'region', 'createdAt', 'updatedAt', 'answers', 'steps', 'results', 'resources'],
  properties: {
    version: { type: 'integer', minimum: 1 },
    stack: { type: 'string', minLength: 1 },
    region: { type: 'string' },
    endpointUrl: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    answers: stringMap,
    steps: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['status', 'updatedAt'],
        properties: { status: { enum: ['pending', 'running', 'done', 'failed'] }, error: { type: 'string' }, updatedAt: { type: 'string' } },
      },
    },
    results: { type: 'object' },
    resources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'id', 'label', 'step', 'createdAt'],
        properties: { kind: { type: 'string' }, id: { type: 'string' }, label: { type: 'string' }, step: { type: 'string' }, createdAt: { type: 'string' }, details: stringMap },
      },
    },
    verifications: { type: 'object' },
  },
} as const;

/** Sanity check for secrets: a record must never carry credential-looking keys. */
export function containsCredentials(value: unknown): boolean {
  return /"(?:aws_?)?(?:secretAccessKey|sessionToken|accessKeyId)"/i.test(JSON.stringify(value));
}
