/** Bidirectional marks and overrides: they reorder what a terminal shows. */
const BIDI = new Set([0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/**
 * Whether a terminal acts on `code` instead of showing it: C0 controls but tab, DEL, C1 controls
 * (escape sequences move the cursor, retitle the window, hide text) and the bidirectional controls.
 */
function unprintable(code: number): boolean {
  return (code < 0x20 && code !== 0x09) || (code >= 0x7f && code <= 0x9f) || BIDI.has(code);
}

/**
 * `text` safe to print on a terminal: each unprintable character written as an escape (`\x1b`,
 * `\n`, `\u202e`), so what a corrupt file or a foreign message holds is shown, not obeyed, and one
 * line stays one line.
 */
export function printable(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (!unprintable(code)) out += c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}
