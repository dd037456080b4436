import { SandboxError } from '../contracts.js';

/** Auto Scaling's `ValidationError` (400). */
export function validation(message: string): SandboxError {
  return new SandboxError('ValidationError', message);
}

/** The group is not there, in Auto Scaling's words. */
export function groupNotFound(name: string | undefined): SandboxError {
  return validation(`AutoScalingGroup name not found - AutoScalingGroup '${name ?? ''}' not found`);
}

/** Min, max and desired as Auto Scaling checks them. */
export function checkSizes(min: number, max: number, desired: number): void {
  if (min < 0 || max < 0) throw validation('The size of an Auto Scaling group must be zero or more.');
  if (max < min) throw validation(`Max bound, ${max}, must be greater than or equal to min bound, ${min}`);
  if (desired < min || desired > max)
    throw validation(`Desired capacity:${desired} must be between the specified min size:${min} and max size:${max}`);
}
