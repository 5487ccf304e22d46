// esbuild plugin for the engine's public entry. Outside src-main/engine/, code imports the engine only through
// src-main/engine/index.ts (checked by `npm run test:layers`), and that file re-exports the whole engine.
// In a bundle with several entry points and code splitting, esbuild ignores package.json's "sideEffects" (it
// would make chunks import each other in cycles, esbuild PR #1110), so an import of one name from the entry
// would load every module the entry re-exports: `choreo run once` would load the store, the interpreter and
// the snapshot diff before it parses its flags. This plugin does at bundle time what a "barrel file"
// optimisation does: `import { a, b as c } from '../engine/index.js'` is bundled as imports of the modules
// that define `a` and `b` (found by following the entry's `export … from` lines through the barrels below it).
// The sources keep saying "the engine entry"; the bundle loads what it used before the entry was the only
// way in. Type-only names are dropped (they do not exist at run time). A name the map cannot place, a
// namespace import or a dynamic import of the entry are left alone: they load the whole engine, which
// scripts/startup-imports.test.ts would report for a start-up path.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/** Where an exported name is defined: the module and the name it has there. */
export interface Origin {
  file: string;
  name: string;
}

/** The engine entry, relative to the package root. */
export const ENGINE_ENTRY = 'src-main/engine/index.ts';

const FROM_LINE = /^export\s+(type\s+)?(\*|\*\s+as\s+\w+|\{[^}]*\})\s+from\s+'([^']+)';?/gm;
const DECLARATION = /^export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|abstract\s+class|enum)\s+([\w$]+)/gm;
const LOCAL_LIST = /^export\s+\{([^}]*)\}\s*;/gm;

interface ModuleExports {
  /** name → where it comes from (re-exports), or null when the module itself declares it */
  named: Map<string, Origin | null>;
  /** `export * from` targets, in order */
  stars: string[];
  /** names exported as types only (`export type { … } from`, `type X` in a list) */
  types: Set<string>;
}

function tsFile(fromFile: string, spec: string): string {
  return path.resolve(path.dirname(fromFile), spec).replace(/\.js$/, '.ts');
}

function specifiers(list: string): Array<{ name: string; alias: string; type: boolean }> {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const type = s.startsWith('type ');
      const [name, alias = name] = s.replace(/^type\s+/, '').split(/\s+as\s+/);
      return { name: name!.trim(), alias: alias.trim(), type };
    });
}

function readExports(file: string, cache: Map<string, ModuleExports>): ModuleExports {
  const known = cache.get(file);
  if (known) return known;
  const source = readFileSync(file, 'utf8');
  const mod: ModuleExports = { named: new Map(), stars: [], types: new Set() };
  for (const m of source.matchAll(FROM_LINE)) {
    const [, typeOnly, what, spec] = m;
    const target = tsFile(file, spec!);
    if (what === '*') {
      if (!typeOnly) mod.stars.push(target);
    } else if (what!.startsWith('{')) {
      for (const s of specifiers(what!.slice(1, -1))) {
        mod.named.set(s.alias, { file: target, name: s.name });
        if (typeOnly || s.type) mod.types.add(s.alias);
      }
    }
    // `export * as ns from` stays unmapped: a namespace object needs the whole module
  }
  for (const m of source.matchAll(DECLARATION)) mod.named.set(m[1]!, null);
  for (const m of source.matchAll(LOCAL_LIST)) for (const s of specifiers(m[1]!)) if (!mod.named.has(s.alias)) mod.named.set(s.alias, null);
  cache.set(file, mod);
  return mod;
}

/** The module that defines `name` as exported by `file`, following re-exports; undefined when not found or a type. */
export function originOf(file: string, name: string, cache = new Map<string, ModuleExports>(), depth = 0): Origin | undefined {
  if (depth > 20) return undefined;
  const mod = readExports(file, cache);
  if (mod.types.has(name)) return undefined;
  const own = mod.named.get(name);
  if (own === null) return { file, name };
  if (own) return originOf(own.file, own.name, cache, depth + 1);
  for (const star of mod.stars) {
    const found = originOf(star, name, cache, depth + 1);
    if (found) return found;
  }
  return undefined;
}

const IMPORT = /^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';?/gm;

/**
 * `source` (the file at `file`) with its imports of the engine entry replaced by imports of the defining
 * modules (absolute paths), the line count kept so that source maps stay right. Unchanged when it has none.
 */
export function rewriteEntryImports(source: string, file: string, entry: string, cache = new Map<string, ModuleExports>()): string {
  return source.replace(IMPORT, (whole, typeOnly: string | undefined, list: string, spec: string) => {
    if (tsFile(file, spec) !== entry) return whole;
    if (typeOnly) return '\n'.repeat(whole.split('\n').length - 1);
    const byFile = new Map<string, string[]>();
    const left: string[] = [];
    for (const s of specifiers(list)) {
      if (s.type) continue;
      const origin = originOf(entry, s.name, cache);
      if (!origin) {
        left.push(s.name === s.alias ? s.name : `${s.name} as ${s.alias}`);
        continue;
      }
      const names = byFile.get(origin.file) ?? [];
      names.push(origin.name === s.alias ? s.alias : `${origin.name} as ${s.alias}`);
      byFile.set(origin.file, names);
    }
    const lines = [...byFile].map(([f, names]) => `import { ${names.join(', ')} } from ${JSON.stringify(f)};`);
    if (left.length) lines.push(`import { ${left.join(', ')} } from ${JSON.stringify(entry)};`);
    return lines.join(' ') + '\n'.repeat(whole.split('\n').length - 1);
  });
}

/** The plugin: rewrites the entry's importers outside the engine (see the top of this file). */
export function engineEntryPlugin(root: string): Plugin {
  const entry = path.join(root, ENGINE_ENTRY);
  const engineDir = path.join(root, 'src-main', 'engine') + path.sep;
  const sourceDirs = [path.join(root, 'src-main') + path.sep, path.join(root, 'src-shared') + path.sep];
  return {
    name: 'engine-entry',
    setup(build) {
      const cache = new Map<string, ModuleExports>();
      build.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.startsWith(engineDir) || !sourceDirs.some((d) => args.path.startsWith(d))) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('engine/index.js')) return undefined;
        return { contents: rewriteEntryImports(source, args.path, entry, cache), loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
}
