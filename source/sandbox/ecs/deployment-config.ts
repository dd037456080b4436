import { ecsErrors } from './errors.js';
import type { Input } from './input.js';
import type { CircuitBreakerRecord } from './model.js';

/**
 * `deploymentConfiguration.deploymentCircuitBreaker` as CreateService / UpdateService read it:
 * `enable` and `rollback` are both required when the object is given. Empty when not given.
 */
export function readCircuitBreaker(config: Input | undefined): { deploymentCircuitBreaker?: CircuitBreakerRecord } {
  const breaker = config?.optionalObject('deploymentCircuitBreaker');
  if (!breaker) return {};
  const enable = breaker.optionalBoolean('enable');
  const rollback = breaker.optionalBoolean('rollback');
  if (enable === undefined || rollback === undefined)
    throw ecsErrors.invalidParameter('deploymentCircuitBreaker requires both enable and rollback.');
  return { deploymentCircuitBreaker: { enable, rollback } };
}
