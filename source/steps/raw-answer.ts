import type { RawAnswer } from './types.js';

/** A raw answer as the string a flag would carry (lists comma-joined). */
export function answerString(raw: RawAnswer): string {
  if (Array.isArray(raw)) return raw.join(',');
  return typeof raw === 'boolean' ? String(raw) : raw;
}
