// The engine entry's bundling (./engine-entry-plugin.ts): every name the entry exports is placed on the module
// that defines it, the rewrite keeps the file's lines, and without the plugin an import of one small name from
// the entry would load the runner (which is why the plugin exists).
import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_ENTRY, engineEntryPlugin, originOf, rewriteEntryImports } from './engine-entry-plugin.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, ENGINE_ENTRY);

describe('engine entry plugin', () => {
  it('places every value the engine entry exports on a module that exports the same value', async () => {
    const engine = (await import('../src-main/engine/index.js')) as Record<string, unknown>;
    const wrong: string[] = [];
    for (const name of Object.keys(engine)) {
      const origin = originOf(entry, name);
      if (!origin) {
        wrong.push(`${name}: not found`);
        continue;
      }
      const mod = (await import(origin.file)) as Record<string, unknown>;
      if (mod[origin.name] !== engine[name]) wrong.push(`${name}: ${path.relative(root, origin.file)} exports no ${origin.name} with that value`);
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(engine).length).toBeGreaterThan(100);
  });

  it('rewrites value imports to the defining modules, drops types, keeps unknown names and the line count', () => {
    const file = path.join(root, 'src-main/cli/example.ts');
    const source = [
      "import { writeFileAtomic, type ProjectFolders,",
      "  checkStarlark as check, noSuchName } from '../engine/index.js';",
      "import type { Snapshot } from '../engine/index.js';",
      "import { other } from './other.js';",
      'check();',
    ].join('\n');
    const out = rewriteEntryImports(source, file, entry).split('\n');
    expect(out).toHaveLength(5);
    expect(out[0]).toContain(`import { writeFileAtomic } from ${JSON.stringify(path.join(root, 'src-main/engine/files/atomic-write.ts'))};`);
    expect(out[0]).toContain(`import { check } from ${JSON.stringify(path.join(root, 'src-main/engine/starlark/resolve/resolver.ts'))};`);
    expect(out[0]).toContain(`import { noSuchName } from ${JSON.stringify(entry)};`);
    expect(out[0]).not.toContain('ProjectFolders');
    expect(out.slice(1, 3)).toEqual(['', '']);
    expect(out.slice(3)).toEqual(["import { other } from './other.js';", 'check();']);
  });

  it('without it, a module that takes one small name from the entry would load the runner', async () => {
    // two entry points with code splitting, as in the real build (esbuild ignores "sideEffects" there)
    const loads = async (withPlugin: boolean): Promise<string[]> => {
      const result = await build({
        absWorkingDir: root,
        entryPoints: ['src-main/cli/store-flags.ts', 'src-main/host/workers/runner-worker.ts'],
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        outdir: 'unused',
        write: false,
        metafile: true,
        logLevel: 'silent',
        plugins: withPlugin ? [engineEntryPlugin(root)] : [],
      });
      return loadedSources(result.metafile, 'src-main/cli/store-flags.ts');
    };
    const runner = (files: string[]) => files.filter((f) => f.startsWith('src-main/engine/runner/'));
    expect(runner(await loads(true))).toEqual([]);
    expect(runner(await loads(false))).not.toEqual([]);
  }, 120_000);
});

/** Sources with code in the chunks `entry` loads statically. */
function loadedSources(meta: Metafile, entry: string): string[] {
  const first = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === entry)!;
  const seen = new Set([first]);
  const queue = [first];
  const sources: string[] = [];
  while (queue.length) {
    const out = meta.outputs[queue.shift()!]!;
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) if (bytesInOutput > 0) sources.push(input);
    for (const imp of out.imports) if (imp.kind === 'import-statement' && !imp.external && !seen.has(imp.path)) seen.add(imp.path), queue.push(imp.path);
  }
  return sources;
}
