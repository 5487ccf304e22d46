// The layering of Choreo Studio, written down once and checked by `npm test` (`npm run test:layers`;
// scripts/check-layers.test.ts proves that a violation fails it).
//
//   src-shared  <-  engine  <-  project, delivery  <-  host  <-  electron, cli
//   src-renderer -> src-shared only            (it runs in a sandboxed browser page)
//   src-main/testing: helpers for tests (they may use any layer); production code never imports it
//   outside src-main/engine, everything (tests, benchmarks and scripts too) enters the engine through
//   src-main/engine/index.ts, its public entry
//   bench/, e2e/: may import anything; nothing imports them
//
// An arrow points from the importer to what it may import. Tests (*.test.ts[x]) may reach across
// layers (a CLI test builds a delivery project), but not into src-main from the renderer.
// dependency-cruiser reads TypeScript through babel here (TypeScript 7 has no JavaScript API yet):
// `import type` lines vanish in that transpile, so the check sees what runs, not type-only imports.
const path = require('node:path');

const TEST = '\\.test\\.tsx?$';
const MAIN = '^src-main/';

/** A rule: `from` (production files under `path`) may not import `to`. */
function never(name, comment, path, to, extra = {}) {
  return { name, comment, severity: 'error', from: { path, pathNot: TEST, ...extra.from }, to: { path: to, ...extra.to } };
}

module.exports = {
  forbidden: [
    never('shared-is-the-base', 'src-shared is the contract: it imports no other layer', '^src-shared/', '^(src-main|src-renderer|bench|e2e)/'),
    never('shared-runs-anywhere', 'src-shared also runs in the renderer: no Node built-ins', '^src-shared/', '', { to: { dependencyTypes: ['core'] } }),
    never('engine-below-project', 'the engine knows no project service, host or entry point', `${MAIN}engine/`, `${MAIN}(project|delivery|host|cli|electron|testing)/`),
    never('project-below-host', 'project/ (files, git) is called by the host; HostError mapping lives in host/services', `${MAIN}project/`, `${MAIN}(delivery|host|cli|electron|testing)/`),
    never('delivery-below-host', 'delivery/ is a service the host and the CLI call', `${MAIN}delivery/`, `${MAIN}(host|cli|electron|testing)/`),
    {
      name: 'engine-through-its-entry',
      comment: 'outside the engine, code imports only its public entry, engine/index.ts (the conformance runner in engine/starlark/conformance is a test tool, not part of the engine)',
      severity: 'error',
      from: { path: '^(src-main/(?!engine/)|src-shared/|src-renderer/|bench/|e2e/|bin/|scripts/)' },
      to: { path: `${MAIN}engine/`, pathNot: `${MAIN}engine/(index\\.ts$|starlark/conformance/)` },
    },
    never('host-below-entry-points', 'the host serves both entry points and imports neither', `${MAIN}host/`, `${MAIN}(cli|electron|testing)/`),
    never('cli-not-electron', 'the two entry points stand side by side', `${MAIN}cli/`, `${MAIN}(electron|testing)/`),
    never('electron-not-cli', 'the two entry points stand side by side', `${MAIN}electron/`, `${MAIN}(cli|testing)/`),
    never('renderer-only-shared', 'the renderer talks to the main process through the IPC contract only', '^src-renderer/', '^(src-main|bench|e2e)/'),
    never('renderer-runs-in-a-page', 'the renderer runs in a sandboxed page: no Node built-ins (its tests and test helpers run in Node)', '^src-renderer/', '', {
      from: { pathNot: `${TEST}|^src-renderer/testing/` },
      to: { dependencyTypes: ['core'] },
    }),
    never('nothing-imports-bench-or-e2e', 'benchmarks and end-to-end specs are leaves', '^(src-main|src-shared|src-renderer)/', '^(bench|e2e)/', { from: { pathNot: '$^' } }),
    never(
      'starlark-syntax-before-runtime',
      'Starlark is split like starlark-go: syntax -> resolve -> eval. syntax/ and resolve/ import only syntax/ and the leaf modules errors, spell, utf8',
      `${MAIN}engine/starlark/(syntax|resolve)/`,
      `${MAIN}engine/starlark/`,
      { to: { pathNot: `${MAIN}engine/starlark/(syntax/|resolve/|errors\\.ts$|spell\\.ts$|utf8\\.ts$)` } },
    ),
    never('starlark-syntax-before-resolve', 'the parser does not know the resolver', `${MAIN}engine/starlark/syntax/`, `${MAIN}engine/starlark/resolve/`),
    never(
      'starlark-stands-alone',
      'the Starlark interpreter knows nothing of Choreo (the host builtins live in engine/builtins)',
      `${MAIN}engine/starlark/`,
      `${MAIN}engine/(?!starlark/)`,
      { from: { pathNot: `${TEST}|${MAIN}engine/starlark/conformance/` } },
    ),
    { name: 'no-circular', comment: 'modules import each other in a loop', severity: 'error', from: { pathNot: TEST }, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist|\\.d\\.ts$' },
    // TypeScript through babel (see the top); @swc/core only makes dependency-cruiser list .ts/.tsx files.
    // Absolute, so that the check also runs on a fixture tree elsewhere (scripts/check-layers.test.ts).
    babelConfig: { fileName: path.join(__dirname, '.dependency-cruiser-babel.cjs') },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
