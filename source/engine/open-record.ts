import { STATE_VERSION, type StackRecord } from '../state/schema.js';
import type { EngineDeps } from './deps.js';
import { UsageError } from './usage-error.js';

/**
 * The saved record for this stack, or a fresh one. A stack with resources lives in one region and
 * endpoint: running it against another is refused rather than silently creating a second copy.
 * Progress without resources (e.g. a first run that had no credentials) starts over.
 */
export function openRecord(stack: string, deps: Pick<EngineDeps, 'store' | 'clients' | 'now'>): StackRecord {
  const saved = deps.store.get();
  const { region, endpointUrl } = deps.clients;
  const moved = saved !== undefined && (saved.region !== region || (saved.endpointUrl ?? '') !== (endpointUrl ?? ''));
  if (saved && !(moved && saved.resources.length === 0)) {
    if (saved.region !== region)
      throw new UsageError(
        `stack '${stack}' was set up in region ${saved.region}; pass --region ${saved.region} or pick another --stack`,
      );
    if ((saved.endpointUrl ?? '') !== (endpointUrl ?? '')) {
      throw new UsageError(
        `stack '${stack}' was set up against ${saved.endpointUrl ?? 'AWS'}; use the same --endpoint-url or --sandbox or pick another --stack`,
      );
    }
    return saved;
  }
  const at = new Date(deps.now()).toISOString();
  return {
    version: STATE_VERSION,
    stack,
    region,
    ...(endpointUrl ? { endpointUrl } : {}),
    createdAt: at,
    updatedAt: at,
    answers: {},
    steps: {},
    results: {},
    resources: [],
  };
}
