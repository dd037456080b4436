/* global URL */
// Build-time edits to two dependencies whose start-up cost on Node 20 is most of the wizard's first
// frame. Each edit must match its source exactly once, so an upgrade that changes the code fails the
// build instead of silently shipping the slow path (or a wrong one).
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// esbuild reports real paths, so a symlinked node_modules is resolved the same way here.
const installed = (path) => realpathSync(fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url)));

/**
 * yoga-layout (Ink's layout engine) embeds its wasm as a `data:` URL and, on Node 18+, reads it
 * with `fetch()`, which loads Node's whole bundled undici first (~50-100 ms before Ink can draw).
 * Handing the bytes over as `wasmBinary` skips fetch; the instance is the same.
 */
async function yogaIndex(path) {
  const binary = join(dirname(path), '../binaries/yoga-wasm-base64-esm.js');
  const base64 = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(await readFile(binary, 'utf8'))?.[1];
  if (!base64) throw new Error(`yoga-layout: no embedded wasm in ${binary}`);
  const source = await readFile(path, 'utf8');
  const from = 'const Yoga = wrapAssembly(await loadYoga());';
  const to = `const Yoga = wrapAssembly(await loadYoga({ wasmBinary: Buffer.from(${JSON.stringify(base64)}, 'base64') }));`;
  return replaceOnce(source, from, to, path);
}

/**
 * string-width 8 builds `/^\p{RGI_Emoji}$/v` when it loads and tests every non-ASCII grapheme
 * with it; V8 needs ~15 ms to build that regex and ~40 ms to compile it on first use, before the
 * first frame (a spinner glyph is non-ASCII). Every RGI emoji contains an Emoji_Presentation
 * character, U+FE0F (emoji presentation selector) or U+20E3 (keycap), so a grapheme without any
 * of them cannot match: those skip the regex, which is built on the first grapheme that might.
 */
async function stringWidth(path) {
  let source = await readFile(path, 'utf8');
  source = replaceOnce(
    source,
    'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    [
      'let rgiEmojiRegex;',
      'const mayBeRgiEmojiRegex = /[\\p{Emoji_Presentation}\\u{FE0F}\\u{20E3}]/u;',
      'const isRgiEmoji = (segment) => mayBeRgiEmojiRegex.test(segment) && (rgiEmojiRegex ??= /^\\p{RGI_Emoji}$/v).test(segment);',
    ].join('\n'),
    path,
  );
  return replaceOnce(source, 'if (rgiEmojiRegex.test(segment) ||', 'if (isRgiEmoji(segment) ||', path);
}

function replaceOnce(source, from, to, path) {
  const at = source.indexOf(from);
  if (at === -1 || source.indexOf(from, at + 1) !== -1)
    throw new Error(`start-up patch: expected exactly one '${from}' in ${path}`);
  return source.slice(0, at) + to + source.slice(at + from.length);
}

/** The patched files (the copies Ink uses, hoisted to the top node_modules) and how to patch each. */
export const startupPatches = [
  { path: installed('yoga-layout/dist/src/index.js'), patch: yogaIndex },
  { path: installed('string-width/index.js'), patch: stringWidth },
];

/**
 * esbuild plugin applying `startupPatches`. The build fails when a patched file no longer matches,
 * and (with `requireAll`, for the CLI) when one was never bundled: its path or importer changed.
 */
export const startupPatchesPlugin = ({ requireAll = true } = {}) => ({
  name: 'startup-patches',
  setup(build) {
    const patches = new Map(startupPatches.map(({ path, patch }) => [path, patch]));
    const seen = new Set();
    build.onLoad({ filter: /[\\/]node_modules[\\/](yoga-layout|string-width)[\\/]/ }, async (args) => {
      const patch = patches.get(args.path);
      if (!patch) return undefined;
      seen.add(args.path);
      return { contents: await patch(args.path), loader: 'js', resolveDir: dirname(args.path) };
    });
    build.onEnd((result) => {
      const missed = [...patches.keys()].filter((path) => !seen.has(path));
      if (requireAll && missed.length > 0 && result.errors.length === 0)
        throw new Error(`start-up patch: never loaded ${missed.join(', ')}`);
    });
  },
});
