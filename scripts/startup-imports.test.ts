// Start-up stays lean: the code each start-up path loads before it can do anything (its bundle chunk and the
// chunks that chunk imports statically) must not grow back to the heavy parts it does not need. This measures
// what the bundle really holds (esbuild's metafile: bytes of each source in each output chunk), not what is
// statically reachable: callers import the engine through its entry, engine/index.ts, which re-exports all of
// it, and the build bundles those imports as imports of the defining modules (./engine-entry-plugin.ts). A
// module needed later is imported where it is used (`await import(...)`), as
// docs/design-notes.md ("A prebuilt bundle") explains. The failure message names the source, its bytes in the
// chunk, and the import chain that brings it in.
import { build, type Metafile, type OutputFile } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_EXTERNALS } from './bundle-externals.js';
import { engineEntryPlugin } from './engine-entry-plugin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Rule {
  entry: string;
  what: string;
  /** Path fragments of sources that must have no code in what the entry loads at start. */
  forbidden: string[];
}

/**
 * Small modules inside the forbidden folders that a start-up path really needs at start: `server start`
 * claims the project's host file under its cross-process lock before it prints its URL, and the host asks
 * whether delivery has deployments to resume (the folder names only); the snapshot reader throws the store's
 * error type (`run diff` of an unknown id). A few kilobytes, no dependencies.
 */
const NEEDED_AT_START = ['src-main/engine/store/file-lock.ts', 'src-main/delivery/layout.ts', 'src-main/engine/store/errors.ts'];
const HEAVY_FOR_EVERYONE = ['node_modules/isomorphic-git/', 'src-main/delivery/', 'src-main/project/git/'];
/** The engine's big parts (a small helper such as engine/files may be shared). */
const ENGINE = ['src-main/engine/starlark/', 'src-main/engine/store/', 'src-main/engine/runner/', 'src-main/engine/loader/', 'node_modules/yaml/', 'node_modules/@marcbachmann/cel-js/'];
const RULES: Rule[] = [
  {
    entry: 'src-main/cli/main.ts',
    what: 'every `choreo` start (--version, --help)',
    forbidden: [...HEAVY_FOR_EVERYONE, ...ENGINE, 'node_modules/zod/', 'node_modules/ws/', 'node_modules/re2js/', 'src-main/host/host.ts'],
  },
  {
    // the run itself happens in a runner thread: this thread parses the flags (the store and folder options'
    // small modules), starts the thread and prints; the interpreter, the runner and the store stay out
    entry: 'src-main/cli/commands/run.ts',
    what: '`choreo run once` (its own thread)',
    forbidden: [
      ...HEAVY_FOR_EVERYONE,
      'src-main/engine/starlark/',
      'src-main/engine/runner/',
      'src-main/engine/store/store.ts',
      'node_modules/yaml/',
      'node_modules/@marcbachmann/cel-js/',
      'node_modules/zod/',
      'node_modules/ws/',
      'src-main/host/',
      'node_modules/re2js/',
    ],
  },
  {
    // re2js and cel-js load only for CRDs with patterns or rules (engine/schema/schema-libraries.ts)
    entry: 'src-main/host/workers/runner-worker.ts',
    what: '`choreo run once` (the runner thread that runs it) and prod mode',
    forbidden: [
      ...HEAVY_FOR_EVERYONE,
      'node_modules/zod/',
      'node_modules/ws/',
      'src-main/host/host.ts',
      'src-main/host/services/',
      'src-main/engine/snapshots/diff.ts',
      'node_modules/re2js/',
      'node_modules/@marcbachmann/cel-js/',
    ],
  },
  {
    // they read snapshot headers, indexes and the changed objects' segments: no store, loader or YAML, and
    // the text diff and YAML emitter only for `run diff -a` (engine/snapshots/diff-details.ts)
    entry: 'src-main/cli/commands/run-snapshots.ts',
    what: '`choreo run list` and `choreo run diff` of two snapshots',
    forbidden: [
      ...HEAVY_FOR_EVERYONE,
      ...ENGINE,
      'src-main/engine/schema/',
      'src-main/engine/yaml/',
      'src-main/engine/snapshots/diff-details.ts',
      'node_modules/diff/',
      'node_modules/zod/',
      'node_modules/ws/',
      'node_modules/re2js/',
      'src-main/host/',
    ],
  },
  {
    entry: 'src-main/cli/commands/server.ts',
    what: '`choreo server start` up to its URL line',
    forbidden: [...HEAVY_FOR_EVERYONE, ...ENGINE, 'node_modules/re2js/'],
  },
  {
    entry: 'src-main/electron/main.ts',
    what: 'the Electron main process up to its window',
    forbidden: [...HEAVY_FOR_EVERYONE, ...ENGINE, 'node_modules/re2js/'],
  },
];

/** Bytes of each source in the chunks `entry` loads before it runs: its own output and, transitively, the
 * chunks those import statically (a dynamic import loads later, when it runs). */
function loadedAtStart(meta: Metafile, entry: string): Map<string, { bytes: number; chunk: string }> {
  const first = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === entry);
  if (!first) throw new Error(`no output for ${entry}`);
  const loaded = new Map<string, { bytes: number; chunk: string }>();
  const seen = new Set([first]);
  const queue = [first];
  while (queue.length) {
    const chunk = queue.shift()!;
    const out = meta.outputs[chunk]!;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) if (bytesInOutput > 0) loaded.set(input, { bytes: bytesInOutput, chunk });
    for (const imp of out.imports) {
      if (imp.kind !== 'import-statement' || imp.external || seen.has(imp.path)) continue;
      seen.add(imp.path);
      queue.push(imp.path);
    }
  }
  return loaded;
}

/** The static import chain from `entry` to `target` in the sources, for the failure message. */
function chainTo(meta: Metafile, entry: string, target: string): string[] {
  const previous = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    if (file === target) {
      const chain: string[] = [];
      for (let f: string | undefined = file; f; f = previous.get(f) || undefined) chain.unshift(f);
      return chain;
    }
    for (const imp of meta.inputs[file]?.imports ?? []) {
      if (imp.kind === 'dynamic-import' || !meta.inputs[imp.path] || previous.has(imp.path)) continue;
      previous.set(imp.path, file);
      queue.push(imp.path);
    }
  }
  return [entry, '…', target];
}

/**
 * Named imports taken from a bundled CommonJS package loaded with `await import(...)`. esbuild turns such an
 * import into a chunk that only says `export default require_x()`, so `const { parse } = await import('yaml')`
 * gets undefined in the bundle while it works from the sources (Node's loader also fills named exports). Read
 * them from `default` instead. Returns "chunk: the statement" for each.
 */
function namedImportsOfCommonJsChunks(files: OutputFile[]): string[] {
  const defaultOnly = new Set(files.filter((f) => /^export default require_\w+\(\);$/m.test(f.text) && !/^export \{/m.test(f.text)).map((f) => path.basename(f.path)));
  const found: string[] = [];
  for (const file of files) {
    for (const m of file.text.matchAll(/(const\s*\{([^}]*)\}\s*=\s*|\(\s*)await import\("\.\/([\w.-]+)"\)(\)\.(\w+))?/g)) {
      if (!defaultOnly.has(m[3]!)) continue;
      const names = m[2] !== undefined ? m[2].split(',').map((n) => n.split(':')[0]!.trim()).filter(Boolean) : m[5] ? [m[5]] : [];
      if (names.some((n) => n !== 'default')) found.push(`${path.basename(file.path)}: ${m[0]}`);
    }
  }
  return found;
}

describe('start-up imports', () => {
  let meta: Metafile;
  let outputs: OutputFile[];
  beforeAll(async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: RULES.map((r) => r.entry),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      external: BUNDLE_EXTERNALS,
      outdir: 'unused',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [engineEntryPlugin(root)],
    });
    meta = result.metafile;
    outputs = result.outputFiles;
  }, 120_000);

  it('reads a lazily imported CommonJS package from its default export (the bundle has no named ones)', () => {
    expect(outputs.some((f) => /^export default require_\w+\(\);$/m.test(f.text)), 'the bundle no longer has such chunks: this check is moot').toBe(true);
    expect(namedImportsOfCommonJsChunks(outputs)).toEqual([]);
  });

  for (const rule of RULES) {
    it(`${rule.what} loads none of the heavy modules it does not use`, () => {
      const loaded = loadedAtStart(meta, rule.entry);
      const found = [...loaded].flatMap(([input, { bytes, chunk }]) =>
        rule.forbidden.some((fragment) => input.includes(fragment)) && !NEEDED_AT_START.includes(input) ? [`${input} (${bytes} bytes in ${chunk}): ${chainTo(meta, rule.entry, input).join(' -> ')}`] : [],
      );
      expect(found, `import these where they are used (await import(...)), not at the top of the chain`).toEqual([]);
    });
  }
});
