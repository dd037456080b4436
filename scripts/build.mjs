/* global process */
// Bundles cli.tsx into dist/ (ESM, code-split so the AWS SDK loads only when a command needs it).
// Start-up matters (issue 5: the wizard's first frame within 3x `node -e 0`): whitespace and syntax
// are minified (less to read and parse; names stay, so stack traces remain readable), and two
// dependencies get start-up patches (scripts/startup-patches.mjs). `npm run bench` measures it.
import { build } from 'esbuild';
import { rename, rm } from 'node:fs/promises';
import { startupPatchesPlugin } from './startup-patches.mjs';

const target = process.argv[2] ?? 'dist'; // another directory for comparing builds
// Built beside the target and swapped in at the end, so a CLI running from dist/ meanwhile (a test,
// another build) never sees it half-written or missing for longer than two renames.
const outdir = `${target}.build-${process.pid}`;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: 'cli.tsx' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['react-devtools-core'],
  define: { 'process.env.NODE_ENV': '"production"' },
  banner: {
    js: [
      '#!/usr/bin/env node',
      "import { createRequire as __createRequire } from 'node:module';",
      'const require = __createRequire(import.meta.url);',
    ].join('\n'),
  },
  plugins: [startupPatchesPlugin()],
  logLevel: 'warning',
});

const old = `${target}.old-${process.pid}`;
await rename(target, old).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(outdir, target);
await rm(old, { recursive: true, force: true });
