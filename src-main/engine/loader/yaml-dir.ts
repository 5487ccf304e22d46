// Reading the YAML documents of one top-level folder (crds/, in/, refs/) in a deterministic order:
// by file name, then document index (engine.md §1.1 "Load order").
import { YamlError, parseYamlDocuments } from '../yaml/documents.js';
import { isIgnored, parseIgnore, type IgnoreRule } from './ignore.js';
import type { Diagnostic, LoadedObject, SourceFs } from './types.js';

/** Entries of a folder with `.ignore` applied, sorted by name. */
export async function listFolder(fs: SourceFs, dir: string): Promise<{ name: string; isDir: boolean }[]> {
  const entries = await fs.list(dir);
  let rules: IgnoreRule[] = [];
  if (entries.some((e) => e.name === '.ignore' && !e.isDir)) rules = parseIgnore(await fs.read(`${dir}/.ignore`));
  return entries
    .filter((e) => e.name !== '.ignore' && !isIgnored(rules, e.name, e.isDir))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isKrmLike(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * All documents of the `.yaml`/`.yml` files at the top level of `dir`. Each document must be a map
 * with apiVersion, kind and metadata.name; problems become diagnostics with file:line.
 */
export async function readYamlFolder(fs: SourceFs, dir: string, diags: Diagnostic[], filter?: (doc: Record<string, any>) => boolean): Promise<LoadedObject[]> {
  const out: LoadedObject[] = [];
  for (const e of await listFolder(fs, dir)) {
    if (e.isDir || !/\.ya?ml$/.test(e.name)) continue;
    const file = `${dir}/${e.name}`;
    let text: string;
    try {
      text = await fs.read(file);
    } catch (err) {
      diags.push({ severity: 'error', message: `cannot read file: ${(err as Error).message}`, where: { file } });
      continue;
    }
    let docs;
    try {
      docs = parseYamlDocuments(text, file);
    } catch (err) {
      if (err instanceof YamlError) diags.push({ severity: 'error', message: `invalid YAML: ${err.detail}`, where: { file, line: err.line, column: err.column } });
      else diags.push({ severity: 'error', message: String((err as Error).message), where: { file } });
      continue;
    }
    for (const d of docs) {
      const where = { file, line: d.line };
      const value = d.value;
      if (!isKrmLike(value)) {
        diags.push({ severity: 'error', message: 'a document must be a map with apiVersion, kind and metadata', where });
        continue;
      }
      if (filter && !filter(value)) continue;
      const missing = ['apiVersion', 'kind'].filter((k) => typeof value[k] !== 'string' || value[k] === '');
      if (!isKrmLike(value.metadata) || typeof value.metadata.name !== 'string' || value.metadata.name === '') missing.push('metadata.name');
      if (missing.length > 0) {
        diags.push({ severity: 'error', message: `object without ${missing.join(', ')}`, where });
        continue;
      }
      out.push({ object: value as LoadedObject['object'], origin: where, docIndex: d.index });
    }
  }
  return out;
}
