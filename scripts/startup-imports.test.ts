// Start-up stays lean: what each start-up path imports statically (and so loads before it can do anything)
// must not grow back to the heavy parts it does not need. A module needed later is imported where it is
// used (`await import(...)`), as docs/design-notes.md ("A prebuilt bundle") explains. The failure message
// names the import chain to cut.
import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Rule {
  entry: string;
  what: string;
  /** Path fragments that must not be statically reachable from the entry. */
  forbidden: string[];
}

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

/** The static import chain from `entry` to the first input containing `fragment`, or undefined. */
function chainTo(meta: Metafile, entry: string, fragment: string): string[] | undefined {
  const previous = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    if (file.includes(fragment)) {
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
  return undefined;
}

describe('start-up imports', () => {
  let meta: Metafile;
  beforeAll(async () => {
    const result = await build({
      absWorkingDir: root,
      entryPoints: RULES.map((r) => r.entry),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      external: ['electron'],
      outdir: 'unused',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    meta = result.metafile;
  }, 120_000);

  for (const rule of RULES) {
    it(`${rule.what} loads none of the heavy modules it does not use`, () => {
      const found = rule.forbidden.flatMap((fragment) => {
        const chain = chainTo(meta, rule.entry, fragment);
        return chain ? [`${fragment}: ${chain.join(' -> ')}`] : [];
      });
      expect(found, `import these where they are used (await import(...)), not at the top of the chain`).toEqual([]);
    });
  }
});
