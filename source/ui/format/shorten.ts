/**
 * Shortens an ARN to its resource part and long hex ids to their first 8 characters, so results
 * fit an 80-column terminal while staying recognisable (`targetgroup/demo-tg/6d0ecf83…`).
 */
export function shortenId(id: string): string {
  const arn = /^arn:[^:]+:[^:]*:[^:]*:[^:]*:(.+)$/.exec(id);
  const resource = arn?.[1] ?? id;
  return resource.replace(/([0-9a-f]{8})[0-9a-f]{8,}/g, '$1…');
}

/**
 * The id to show after a resource's label: its shortened ARN, or nothing when the id is not an ARN
 * (a security group's or an ingress rule's label already carries it).
 */
export function idAfterLabel(id: string): string | undefined {
  return id.startsWith('arn:') ? shortenId(id) : undefined;
}

/** Elapsed time as `12s` or `3m 05s`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
}
