import { SandboxError } from '../contracts.js';
import { globMatch } from '../glob.js';
import type { Tag } from '../world.js';

/** An EC2 `Filter` as the SDK sends it. */
export type Filter = { Name?: string; Values?: string[] };

type Field<T> = (item: T) => (string | undefined)[];

/**
 * Keeps the items that match every filter (values of one filter are OR-ed, wildcards allowed), as
 * EC2 does. `tag:KEY` and `tag-key` work on every resource with tags. An unknown filter name is
 * EC2's `InvalidParameterValue`.
 */
export function applyFilters<T>(
  items: T[],
  filters: Filter[] | undefined,
  fields: Record<string, Field<T>>,
  tags?: (item: T) => Tag[],
): T[] {
  const checks = (filters ?? []).map((filter) => {
    const name = filter.Name ?? '';
    const values = filter.Values ?? [];
    let field: Field<T> | undefined = fields[name];
    if (!field && tags && name.startsWith('tag:')) {
      const key = name.slice(4);
      field = (item) =>
        tags(item)
          .filter((t) => t.Key === key)
          .map((t) => t.Value);
    }
    if (!field && tags && name === 'tag-key') field = (item) => tags(item).map((t) => t.Key);
    if (!field) throw new SandboxError('InvalidParameterValue', `The filter '${name}' is invalid`);
    const read = field;
    return (item: T) => read(item).some((have) => have !== undefined && values.some((want) => globMatch(want, have)));
  });
  return items.filter((item) => checks.every((check) => check(item)));
}

/** Tags from `TagSpecifications` for one resource type. */
export function tagsFor(
  specs: { ResourceType?: string; Tags?: { Key?: string; Value?: string }[] }[] | undefined,
  resourceType: string,
): Tag[] {
  return (specs ?? [])
    .filter((s) => s.ResourceType === resourceType)
    .flatMap((s) => s.Tags ?? [])
    .map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
}
