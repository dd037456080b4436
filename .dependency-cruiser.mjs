// The layer rules of DESIGN.md section 3, checked by `npm run lint:deps` (dependency-cruiser).
//
//   cli.tsx → commands → ui | engine → state | steps → aws → model | lib
//
// Arrows point down only; siblings (ui and engine, state and steps, model and lib) do not import
// each other. Beside the chain: verify/ (used by commands, engine and ui) and sandbox/ (used by
// cli.tsx, commands and the client factory); both import nothing from source/ but model/ and lib/.
// Paths are relative to the repository root. test/build/dependency-rules.test.ts proves the rules
// bite on a small fixture tree.

/** Any module of this repository (npm packages and node: built-ins are not layers). */
const LOCAL = '^(source/|verify/|cli\\.tsx$)';

/** What each layer may import from this repository, besides itself. */
const LAYERS = {
  commands: ['ui', 'engine', 'state', 'steps', 'aws', 'model', 'lib', 'sandbox', 'verify'],
  ui: ['state', 'steps', 'aws', 'model', 'lib', 'verify'],
  engine: ['state', 'steps', 'aws', 'model', 'lib', 'verify'],
  state: ['aws', 'model', 'lib'],
  steps: ['aws', 'model', 'lib'],
  aws: ['model', 'lib', 'sandbox'], // sandbox: only the client factory, see `sandbox-importers`
  lib: [],
  sandbox: ['model', 'lib'],
  verify: ['model', 'lib'],
};

const dirOf = (layer) => (layer === 'verify' ? '^verify/' : `^source/${layer}/`);

const layerRules = Object.entries(LAYERS).map(([layer, may]) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ may import only ${[layer, ...may].join(', ')} (DESIGN.md section 3: arrows point down only)`,
  severity: 'error',
  from: { path: dirOf(layer) },
  to: { path: LOCAL, pathNot: [layer, ...may].map(dirOf) },
}));

/** Packages that draw on the terminal: allowed in cli.tsx, commands/, ui/ and verify/report.tsx. */
const INK_PACKAGES = '(react|react-dom|ink|ink-[^/]+|@inkjs/[^/]+)';
const INK = [`(^|/)node_modules/${INK_PACKAGES}/`, `^${INK_PACKAGES}(/|$)`];
const AWS_SDK = ['(^|/)node_modules/@aws-sdk/', '^@aws-sdk/'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    ...layerRules,
    {
      name: 'layer-model',
      comment:
        "model/ is the shared words: it imports only model/ and the verifier's report types (a check's, a watch's)",
      severity: 'error',
      from: { path: '^source/model/' },
      to: { pathNot: ['^source/model/', '^verify/types\\.ts$', '^verify/watch-types\\.ts$'] },
    },
    {
      name: 'model-types-only',
      comment: 'model/ is types only: every import in it is `import type`',
      severity: 'error',
      from: { path: '^source/model/' },
      to: { dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-cli',
      comment: 'cli.tsx is the top: nothing imports it',
      severity: 'error',
      from: {},
      to: { path: '^cli\\.tsx$' },
    },
    {
      name: 'sandbox-importers',
      comment: 'the local AWS endpoint is started by cli.tsx, commands/ and the client factory only',
      severity: 'error',
      from: {
        path: LOCAL,
        pathNot: ['^cli\\.tsx$', '^source/commands/', '^source/aws/connect\\.ts$', '^source/sandbox/'],
      },
      to: { path: '^source/sandbox/' },
    },
    {
      name: 'no-circular',
      comment: 'no import circles in source/ and verify/ (type-only imports count too)',
      severity: 'error',
      from: { path: '^(source|verify)/' },
      to: { circular: true },
    },
    {
      name: 'no-aws-sdk',
      comment: 'ui/ renders and verify/ knows nothing about AWS: neither imports @aws-sdk/*',
      severity: 'error',
      from: { path: ['^source/ui/', '^verify/'] },
      to: { path: AWS_SDK },
    },
    {
      name: 'no-ink',
      comment:
        'steps/, engine/, aws/, state/, model/, lib/, sandbox/ and verify/ never import react/ink ' +
        "(verify/report.tsx is the verifier's Ink view, so it counts as Ink for them)",
      severity: 'error',
      from: {
        path: ['^source/(steps|engine|aws|state|model|lib|sandbox)/', '^verify/'],
        pathNot: '^verify/report\\.tsx$',
      },
      to: { path: [...INK, '^verify/report\\.tsx$'] },
    },
    {
      name: 'client-factory',
      comment:
        'real AWS clients are built by cli.tsx and commands/ through aws/connect.ts; everything else ' +
        'receives them as deps (type-only imports of the factory are fine)',
      severity: 'error',
      from: { pathNot: ['^cli\\.tsx$', '^source/commands/'] },
      to: { path: '^source/aws/connect\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-constructors',
      comment: 'aws/clients.ts constructs the SDK clients; only the factory in aws/connect.ts calls it',
      severity: 'error',
      from: { pathNot: '^source/aws/connect\\.ts$' },
      to: { path: '^source/aws/clients\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'store-factory',
      comment: 'the progress store is opened by commands/; everything else receives it as deps',
      severity: 'error',
      from: { pathNot: ['^cli\\.tsx$', '^source/commands/', '^source/state/'] },
      to: { path: '^source/state/store\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'http-dispatcher',
      comment: 'undici is loaded at run time only where the HTTP pool is built (verify/send.ts) and by the bench',
      severity: 'error',
      from: { pathNot: ['^verify/send\\.ts$', '^verify/bench/'] },
      to: { path: '(^|/)node_modules/undici/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'an import the rules cannot resolve is an import they cannot check',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Count `import type` too: a type-only arrow upward is still an arrow upward.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
