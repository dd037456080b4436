import type { RecordedResource } from '../model/resources.js';
import type { StepResults } from '../model/results.js';
import type { Answers } from '../model/answers.js';
import type { StepId } from '../model/steps.js';
import type { SavedVerifications } from '../model/verifications.js';

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
  /**
   * The last verification after each step (`service`, `scale-out`), saved by `verifyStack`
   * whichever command ran it; `requests` came later and is optional, so older files still load.
   */
  verifications?: SavedVerifications;
};

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

const savedVerification = {
  type: 'object',
  required: ['verdict', 'backends', 'expected', 'at'],
  properties: {
    verdict: { enum: ['PASS', 'FAIL'] },
    backends: { type: 'integer', minimum: 0 },
    expected: { type: 'integer', minimum: 0 },
    requests: { type: 'integer', minimum: 0 },
    at: { type: 'string' },
  },
} as const;

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
        properties: {
          status: { enum: ['pending', 'running', 'done', 'failed'] },
          error: { type: 'string' },
          updatedAt: { type: 'string' },
        },
      },
    },
    results: { type: 'object' },
    resources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'id', 'label', 'step', 'createdAt'],
        properties: {
          kind: { type: 'string' },
          id: { type: 'string' },
          label: { type: 'string' },
          step: { type: 'string' },
          createdAt: { type: 'string' },
          details: stringMap,
          foundBy: { enum: ['tag'] },
        },
      },
    },
    verifications: {
      type: 'object',
      additionalProperties: false,
      properties: { service: savedVerification, 'scale-out': savedVerification },
    },
  },
} as const;

/** Sanity check for secrets: a record must never carry credential-looking keys. */
export function containsCredentials(value: unknown): boolean {
  return /"(?:aws_?)?(?:secretAccessKey|sessionToken|accessKeyId)"/i.test(JSON.stringify(value));
}
