import type { StepId } from './steps.js';

/** The setup steps a verification follows: the service with its first tasks, then the scale-out. */
export type VerifiedStep = Extract<StepId, 'service' | 'scale-out'>;

/**
 * A verification as the stack's record keeps it, under the step it followed: enough to tell the
 * user how the stack last fared (the full report is printed, not saved).
 */
export type SavedVerification = {
  verdict: 'PASS' | 'FAIL';
  /** Backends that answered at least once. */
  backends: number;
  /** Backends expected: one per RUNNING task of the service. */
  expected: number;
  /** Requests sent; absent in verifications saved before it was recorded. */
  requests?: number;
  /** When the verifier started sending (ISO 8601). */
  at: string;
};

/** The last verification after each step, keyed by that step. */
export type SavedVerifications = Partial<Record<VerifiedStep, SavedVerification>>;
