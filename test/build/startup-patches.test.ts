import { build, type Plugin } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import stringWidth from 'string-width';
import type * as YogaModule from 'yoga-layout';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * The build's start-up patches (scripts/startup-patches.mjs) change how two dependencies start,
 * never what they compute: string-width gives the same widths, yoga lays out the same, and
 * neither needs what made the first frame slow.
 */
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'startup-patches-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles `source` with the build's patches and imports the result. */
async function bundled<T>(name: string, source: string): Promise<T> {
  const { startupPatchesPlugin } = (await import(pathToFileURL(join(root, 'scripts/startup-patches.mjs')).href)) as {
    startupPatchesPlugin: (options: { requireAll: boolean }) => Plugin;
  };
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [startupPatchesPlugin({ requireAll: false })],
    logLevel: 'silent',
  });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, result.outputFiles[0]?.text ?? '');
  return (await import(pathToFileURL(file).href)) as T;
}

const codePoints = function* (from: number, to: number) {
  for (let cp = from; cp <= to; cp++) yield String.fromCodePoint(cp);
};

describe('string-width, patched to build its RGI_Emoji regex only when a grapheme may be an emoji', () => {
  it('measures every single code point and emoji sequence as the original does', async () => {
    // Given the patched string-width as the bundle has it
    const { default: patched } = await bundled<{ default: typeof stringWidth }>(
      'string-width',
      "export { default } from 'string-width';",
    );
    // When both measure every BMP and emoji-plane code point, each also with U+FE0F, and sequences
    const samples = [
      ...codePoints(0, 0xffff),
      ...codePoints(0x1f000, 0x1faff),
      ...codePoints(0xe0000, 0xe007f),
      ...[...codePoints(0x20, 0x7e), ...codePoints(0xa0, 0x3000), ...codePoints(0x1f000, 0x1faff)].map(
        (c) => `${c}\u{fe0f}`,
      ),
      ...['#', '*', '0', '7'].flatMap((k) => [`${k}\u20e3`, `${k}\u{fe0f}\u20e3`]),
      ...[...codePoints(0x1f3fb, 0x1f3ff)].flatMap((tone) => ['👍', '✋', '🧑', '⛹'].map((base) => base + tone)),
      '🇯🇵',
      '🇺🇸',
      '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
      '👨‍👩‍👧‍👦',
      '🏳️‍🌈',
      '❤️‍🔥',
      '👁️‍🗨️',
      '🧑🏽‍💻',
      '⛹️‍♀️',
      '👁‍🗨',
      '✔',
      '✔️',
      '©',
      '©️',
      'ᄀ\u1161\u11a8',
      '⠋ Loading saved progress…',
      '❯ Start setup',
      '✔ done  ↑↓ move · enter choose',
      'ﾃﾞｰﾀ',
      'e\u0301',
      '\u001b[1mecs-alb-wizard\u001b[22m',
    ];
    const differences = samples.filter(
      (s) =>
        patched(s) !== stringWidth(s) ||
        patched(s, { ambiguousIsNarrow: false }) !== stringWidth(s, { ambiguousIsNarrow: false }),
    );
    // Then no width differs
    expect(differences.map((s) => [...s].map((c) => c.codePointAt(0)?.toString(16)).join(' '))).toEqual([]);
    expect(patched('👍🏽 ok')).toBe(5);
    expect(patched('⠋ Loading')).toBe(9);
  });
});

describe('yoga-layout, patched to take its wasm as bytes', () => {
  it('lays out a node without calling fetch', async () => {
    // Given fetch fails if called (the unpatched loader reads its data: URL with fetch)
    const fetch = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('fetch called'));
    try {
      // When yoga loads from the patched bundle and lays out an 80x24 column with a 5-high child
      const { default: yoga } = await bundled<typeof YogaModule>('yoga', "export { default } from 'yoga-layout';");
      const box = yoga.Node.create();
      box.setWidth(80);
      box.setHeight(24);
      const child = yoga.Node.create();
      child.setHeight(5);
      box.insertChild(child, 0);
      box.calculateLayout(undefined, undefined);
      // Then the child stretches across the column, and fetch was never used
      expect([child.getComputedWidth(), child.getComputedHeight()]).toEqual([80, 5]);
      expect(fetch).not.toHaveBeenCalled();
    } finally {
      fetch.mockRestore();
    }
  });
});
