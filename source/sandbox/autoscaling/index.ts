import type { Runtime } from '../runtime.js';
import { bindHandler, type QueryHandler } from '../wire/query-protocol.js';
import { groupOperations, type GroupDeps } from './groups.js';
import type { Scaler } from './scaler.js';
import { tagActivityOperations } from './tags-activities.js';

/**
 * The EC2 Auto Scaling operations the sandbox serves (awsQuery 2011-01-01): groups over a launch
 * template whose instances boot and register with ECS, scaling activities, tags.
 */
export function autoScalingHandlers(rt: Runtime, scaler: Scaler): Record<string, QueryHandler> {
  const deps: GroupDeps = { rt, scaler };
  const out: Record<string, QueryHandler> = {};
  for (const [name, fn] of Object.entries(groupOperations))
    out[name] = bindHandler(deps, fn as (d: GroupDeps, input: never) => unknown);
  for (const [name, fn] of Object.entries(tagActivityOperations))
    out[name] = bindHandler(rt, fn as (r: Runtime, input: never) => unknown);
  return out;
}

export { Scaler } from './scaler.js';
