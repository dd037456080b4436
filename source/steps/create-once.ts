import { isAwsError } from '../aws/errors.js';

/** How a resource came to be used: found before creating, created, or adopted after a duplicate. */
export type CreateOutcome<T> = { value: T; how: 'found' | 'created' | 'adopted' };

/**
 * Creates a named resource exactly once from the user's point of view. `find` looks it up by name
 * first; otherwise `create` makes it. When the create fails with one of `duplicate` (the call
 * reached AWS before but its answer was lost and the SDK retried it, or it appeared meanwhile),
 * the resource is looked up again and adopted. `claim` runs on whatever was found or adopted and
 * throws when it is not this stack's (a resource of that name without the stack's tag).
 */
export async function createOnce<T>(options: {
  find: () => Promise<T | undefined>;
  create: () => Promise<T>;
  duplicate: readonly string[];
  claim: (found: T) => Promise<void> | void;
}): Promise<CreateOutcome<T>> {
  const existing = await options.find();
  if (existing !== undefined) {
    await options.claim(existing);
    return { value: existing, how: 'found' };
  }
  try {
    return { value: await options.create(), how: 'created' };
  } catch (error) {
    if (!isAwsError(error, ...options.duplicate)) throw error;
    const found = await options.find();
    if (found === undefined) throw error;
    await options.claim(found);
    return { value: found, how: 'adopted' };
  }
}
