/**
 * Matches AWS-style wildcards: `*` any run of characters (also none), `?` exactly one.
 * Used by ALB path-pattern conditions and EC2 filter values. Case-sensitive, as both are.
 */
export function globMatch(pattern: string, text: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(text);
}
