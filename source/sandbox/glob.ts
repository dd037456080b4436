/**
 * Matches AWS-style wildcards: `*` any run of characters (also none), `?` exactly one.
 * Used by ALB path-pattern conditions and EC2 filter values. Case-sensitive, as both are.
 */
export function globMatch(pattern: string, text: string): boolean {
  return globMatcher(pattern)(text);
}

/** `globMatch` with the pattern compiled once, for matching many texts (a listener's rules). */
export function globMatcher(pattern: string): (text: string) => boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (text) => regex.test(text);
}
