import { SandboxError } from '../contracts.js';
import type { Tag } from '../world.js';

/** IAM's `NoSuchEntity` (404). */
export function noSuchEntity(message: string): SandboxError {
  return new SandboxError('NoSuchEntity', message, 404);
}

/** IAM's `DeleteConflict` (409): the entity still holds something that must go first. */
export function deleteConflict(what: string): SandboxError {
  return new SandboxError('DeleteConflict', `Cannot delete entity, must ${what} first.`, 409);
}

/** Tags as IAM takes them, with its limits (50 per resource, keys unique). */
export function iamTags(tags: { Key?: string; Value?: string }[] | undefined, existing: Tag[] = []): Tag[] {
  let out = [...existing];
  for (const tag of tags ?? []) {
    const key = tag.Key ?? '';
    if (key === '' || key.length > 128)
      throw new SandboxError(
        'InvalidInput',
        `1 validation error detected: Value '${key}' at 'tags.1.member.key' failed to satisfy constraint: Member must have length between 1 and 128`,
      );
    out = [...out.filter((t) => t.Key !== key), { Key: key, Value: tag.Value ?? '' }];
  }
  if (out.length > 50) throw new SandboxError('LimitExceeded', 'Cannot exceed quota for TagsPerRole: 50', 409);
  return out;
}

/** A path as IAM takes it: `/` by default, else starting and ending with `/`. */
export function iamPath(path: string | undefined): string {
  const value = path ?? '/';
  if (!/^\/([\x21-\x7e]*\/)?$/.test(value))
    throw new SandboxError(
      'ValidationError',
      `The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`,
    );
  return value;
}

/** IAM's name rule for roles and instance profiles. */
export function checkName(kind: 'roleName' | 'instanceProfileName', name: string | undefined): string {
  const value = name ?? '';
  if (!/^[\w+=,.@-]{1,64}$/.test(value))
    throw new SandboxError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${kind}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
    );
  return value;
}
