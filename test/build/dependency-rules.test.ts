import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, expect, it } from 'vitest';

/**
 * The layer rules in .dependency-cruiser.mjs (`npm run lint:deps`) bite: run on a small tree laid
 * out like the real one, they flag exactly the crossings planted in it and none of its clean
 * imports.
 */
const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dependency-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture tree: each file as its lines. */
const files: Record<string, string[]> = {
  'cli.tsx': [
    `import { cmd } from './source/commands/cmd.js';`,
    `import { connect } from './source/aws/connect.js';`,
    `export const main = [cmd, connect];`,
  ],
  // clean: commands may import every layer below it, the client factory and the sandbox
  'source/commands/cmd.ts': [
    `import { run } from '../engine/run.js';`,
    `import { connect } from '../aws/connect.js';`,
    `import { start } from '../sandbox/index.js';`,
    `import { View } from '../ui/view.js';`,
    `export const cmd = [run, connect, start, View];`,
  ],
  // ui → @aws-sdk, and ui → engine (siblings); ink is fine in ui
  'source/ui/view.tsx': [
    `import { Text } from 'ink';`,
    `import { ECSClient } from '@aws-sdk/client-ecs';`,
    `import { run } from '../engine/run.js';`,
    `export const View = [Text, ECSClient, run];`,
  ],
  // engine → ink, and run-time imports of the client factory and the store; type-only ones are fine
  'source/engine/run.ts': [
    `import { render } from 'ink';`,
    `import { connect } from '../aws/connect.js';`,
    `import type { Clients } from '../aws/clients.js';`,
    `import type { StepId } from '../model/steps.js';`,
    `import '../state/store.js';`,
    `export const run = [render, connect];`,
    `export type Run = [Clients, StepId];`,
  ],
  // steps → commands (upward), and a circle a → b → a (reported once, at its first arrow)
  'source/steps/a.ts': [
    `import { b } from './b.js';`,
    `import { cmd } from '../commands/cmd.js';`,
    `export const a = [b, cmd];`,
  ],
  // steps → sandbox
  'source/steps/b.ts': [
    `import { a } from './a.js';`,
    `import { start } from '../sandbox/index.js';`,
    `export const b = () => [a, start];`,
  ],
  'source/steps/types.ts': [`export type Answer = string;`],
  // state → steps (siblings): a type-only import counts too
  'source/state/store.ts': [`import type { Answer } from '../steps/types.js';`, `export type Store = Answer;`],
  'source/aws/connect.ts': [`import { makeClients } from './clients.js';`, `export const connect = makeClients;`],
  'source/aws/clients.ts': [
    `export type Clients = { ecs: unknown };`,
    `export const makeClients = (): Clients => ({ ecs: 1 });`,
  ],
  'source/sandbox/index.ts': [
    `import type { StepId } from '../model/steps.js';`,
    `export const start = (id: StepId) => id;`,
  ],
  // model → lib, at run time
  'source/model/steps.ts': [`import { helper } from '../lib/helper.js';`, `export type StepId = typeof helper;`],
  'source/lib/helper.ts': [`export const helper = 'a';`],
  // verify → steps (outside model/ and lib/)
  'verify/run.ts': [`import { a } from '../source/steps/a.js';`, `export const verify = a;`],
};

for (const [path, lines] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), `${lines.join('\n')}\n`);
}
const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', jsx: 'react-jsx' };
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions }));
symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');

it('flags every planted crossing and nothing else', async () => {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.mjs'));
  const tsConfigFile = join(dir, 'tsconfig.json');
  const { output } = await cruise(
    ['source', 'verify', 'cli.tsx'],
    { ...options, baseDir: dir, tsConfig: { fileName: tsConfigFile }, outputType: 'json' },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const result = (typeof output === 'string' ? JSON.parse(output) : output) as ICruiseResult;
  const packageOf = (to: string) => to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1');
  const found = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${packageOf(v.to)}`);
  expect(found.sort()).toEqual(
    [
      'layer-ui: source/ui/view.tsx → source/engine/run.ts',
      'no-aws-sdk: source/ui/view.tsx → @aws-sdk/client-ecs',
      'no-ink: source/engine/run.ts → ink',
      'client-factory: source/engine/run.ts → source/aws/connect.ts',
      'layer-steps: source/steps/a.ts → source/commands/cmd.ts',
      'layer-steps: source/steps/b.ts → source/sandbox/index.ts',
      'sandbox-importers: source/steps/b.ts → source/sandbox/index.ts',
      'store-factory: source/engine/run.ts → source/state/store.ts',
      'no-circular: source/steps/a.ts → source/steps/b.ts',
      'layer-state: source/state/store.ts → source/steps/types.ts',
      'layer-model: source/model/steps.ts → source/lib/helper.ts',
      'model-types-only: source/model/steps.ts → source/lib/helper.ts',
      'layer-verify: verify/run.ts → source/steps/a.ts',
    ].sort(),
  );
});
