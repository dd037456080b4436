import type { FoundResource } from '../aws/find-owned.js';
import { STACK_TAG_KEY } from '../aws/tags.js';

/** What a step does with a resource of its name that it finds: reuse it only when it is the stack's. */
export function claimFound(found: FoundResource | undefined, stack: string, what: string): FoundResource | undefined {
  if (found === undefined) return undefined;
  if (found.taggedFor !== stack) throw new Error(notOursMessage(found, stack, what));
  return found;
}

/** One line naming a resource of the stack's name that is not its own, and the ways out. */
export function notOursMessage(found: FoundResource, stack: string, what: string): string {
  const whose =
    found.taggedFor === undefined ? `not tagged ${STACK_TAG_KEY}=${stack}` : `tagged for stack '${found.taggedFor}'`;
  return `${what} ${found.label} exists but is ${whose}: it is not this stack's, so it is neither used nor deleted; pick another --stack, or delete or rename it`;
}
