import { SandboxError } from '../contracts.js';

/** ELBv2's rules for load balancer names: 1-32 of `[a-zA-Z0-9-]`, no leading/trailing `-`, no `internal-` prefix. */
export function validateLbName(name: string | undefined): string {
  if (!name) throw new SandboxError('ValidationError', 'A load balancer name must be specified');
  if (name.length > 32)
    throw new SandboxError('ValidationError', `The load balancer name '${name}' cannot be longer than '32' characters`);
  if (!/^[a-zA-Z0-9-]+$/.test(name)) {
    throw new SandboxError(
      'ValidationError',
      `The load balancer name '${name}' can only contain characters that are alphanumeric characters and hyphens(-)`,
    );
  }
  if (name.startsWith('-') || name.endsWith('-'))
    throw new SandboxError('ValidationError', `The load balancer name '${name}' cannot begin or end with a hyphen(-)`);
  if (name.toLowerCase().startsWith('internal-'))
    throw new SandboxError('ValidationError', `The load balancer name '${name}' cannot begin with 'internal-'`);
  return name;
}

/** ELBv2's rules for target group names: 1-32 of `[a-zA-Z0-9-]`, no leading/trailing `-`. */
export function validateTgName(name: string | undefined): string {
  if (!name) throw new SandboxError('ValidationError', 'A target group name must be specified');
  if (name.length > 32)
    throw new SandboxError('ValidationError', `Target group name '${name}' cannot be longer than '32' characters`);
  if (!/^[a-zA-Z0-9-]+$/.test(name)) {
    throw new SandboxError(
      'ValidationError',
      `Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`,
    );
  }
  if (name.startsWith('-') || name.endsWith('-'))
    throw new SandboxError('ValidationError', `Target group name '${name}' cannot begin or end with '-'`);
  return name;
}

/** A whole number within bounds, else ValidationError naming the field. */
export function validateRange(field: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SandboxError('ValidationError', `${field} must be between ${min} and ${max}`);
  }
}
