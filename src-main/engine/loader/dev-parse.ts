// Reconciler and library sources → Reconciler/Library objects: profile A's `dev parse`
// (flat reconcilers/<name>.yaml + code files, libs/*) and profile B's reconcilers/**/config.yaml +
// crds/*.star (engine.md §1.3, §1.4). Used in memory by the loader and on disk by `choreo dev parse`.
import path from 'node:path';
import { promises as fsp } from 'node:fs';
import { CHOREO_API_VERSION, ORIGIN_ANNOTATION, ORIGIN_FILE, type KrmObject } from '../../../src-shared/krm/object.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { parseYaml, YamlError } from '../yaml/documents.js';
import { toGoYaml } from '../yaml/go-emit.js';
import { listFolder } from './yaml-dir.js';
import { DEFAULT_FOLDERS, resolveFolders, type ProjectFolders } from '../files/folders.js';
import { diskFs } from './source-fs.js';
import type { Diagnostic, LoadedObject, SourceFs, SourceLocation } from './types.js';

export interface SourcesResult {
  reconcilers: LoadedObject[];
  libraries: LoadedObject[];
  errors: Diagnostic[];
}

const typeLabel: Record<string, string> = { starlark: 'starlark', gotemplate: 'gotmplate', jinjatemplate: 'jinjatmplate' };

/** Keeps only the Reconciler spec fields Choreo knows (lenient parse: unknown fields dropped). */
function reconcilerSpec(raw: unknown): Record<string, unknown> {
  const spec = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const k of ['conditionType', 'specUpdate', 'for', 'owns', 'watches', 'type']) if (spec[k] !== undefined && spec[k] !== null) out[k] = spec[k];
  out.code = {};
  return out;
}

function newReconciler(name: string, spec: Record<string, unknown>): KrmObject {
  return {
    apiVersion: CHOREO_API_VERSION,
    kind: 'Reconciler',
    metadata: { annotations: { [ORIGIN_ANNOTATION]: ORIGIN_FILE }, creationTimestamp: null, name },
    spec,
    status: {},
  };
}

export function newLibrary(name: string, code: string): KrmObject {
  return {
    apiVersion: CHOREO_API_VERSION,
    kind: 'Library',
    metadata: { annotations: { [ORIGIN_ANNOTATION]: ORIGIN_FILE }, creationTimestamp: null, name },
    spec: { code, type: 'starlark' },
    status: {},
  };
}

/** Attaches one code file to a reconciler (shared by A and B). Returns an error text or undefined. */
function attachCode(obj: KrmObject, name: string, fileName: string, content: string, codeFiles: Record<string, SourceLocation>, where: SourceLocation): string | undefined {
  const spec = obj.spec as Record<string, any>;
  const ext = path.extname(fileName);
  const key = fileName.startsWith(`${name}.`) ? fileName.slice(name.length + 1) : fileName;
  if (ext === '.tpl' || ext === '.jinja2') {
    const want = ext === '.tpl' ? 'gotemplate' : 'jinjatemplate';
    if (spec.type !== undefined && spec.type !== want) {
      return `a given reconciler ${name} can only have 1 sw technology type got ${typeLabel[spec.type] ?? spec.type} and gotmplate`;
    }
    spec.type = want;
    spec.code[key] = content;
    codeFiles[key] = where;
  } else if (ext === '.star') {
    if (spec.type !== undefined) return `a starlark reconciler ${name} can only have 1 code file`;
    spec.type = 'starlark';
    spec.code['reconciler.star'] = content;
    codeFiles['reconciler.star'] = where;
  }
  return undefined;
}

/** Profile A: top-level reconcilers/ (configs + code files) and libs/. */
export async function parseSourcesA(fs: SourceFs, folders: ProjectFolders = DEFAULT_FOLDERS): Promise<SourcesResult> {
  const errors: Diagnostic[] = [];
  const configs = new Map<string, { obj: KrmObject; where: SourceLocation; codeFiles: Record<string, SourceLocation> }>();
  const entries = (await listFolder(fs, folders.reconcilers)).filter((e) => !e.isDir);
  // pass 1: configs
  for (const e of entries) {
    if (path.extname(e.name) !== '.yaml') continue;
    const file = `${folders.reconcilers}/${e.name}`;
    const name = e.name.slice(0, -'.yaml'.length);
    try {
      const raw = parseYaml(await fs.read(file), file) as Record<string, unknown> | null;
      if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) throw new Error('not a map');
      configs.set(name, { obj: newReconciler(name, reconcilerSpec(raw?.spec)), where: { file, line: 1 }, codeFiles: {} });
    } catch (err) {
      const detail = err instanceof YamlError ? `${err.line}:${err.column}: ${err.detail}` : (err as Error).message;
      errors.push({ severity: 'error', message: `invalid reconciler ${file}, err: ${detail}`, where: { file, line: err instanceof YamlError ? err.line : undefined } });
    }
  }
  // pass 2: code files, matched to the longest reconciler name that prefixes the file name + '.'
  const names = [...configs.keys()].sort((a, b) => b.length - a.length);
  for (const e of entries) {
    if (path.extname(e.name) === '.yaml') continue;
    const file = `${folders.reconcilers}/${e.name}`;
    const name = names.find((n) => e.name.startsWith(`${n}.`)) ?? names.find((n) => e.name.startsWith(n));
    if (name === undefined) {
      errors.push({ severity: 'error', message: `no reconciler config found for ${file}`, where: { file } });
      continue;
    }
    const c = configs.get(name)!;
    const err = attachCode(c.obj, name, e.name, await fs.read(file), c.codeFiles, { file, line: 1 });
    if (err) errors.push({ severity: 'error', message: err, where: { file } });
  }
  const reconcilers: LoadedObject[] = [];
  for (const c of configs.values()) {
    if ((c.obj.spec as Record<string, unknown>).type === undefined) continue; // no code file: not written by dev parse
    reconcilers.push({ object: c.obj, origin: c.where, docIndex: 0, codeFiles: c.codeFiles });
  }
  const libraries: LoadedObject[] = [];
  for (const e of await listFolder(fs, folders.libraries)) {
    if (e.isDir) continue;
    const file = `${folders.libraries}/${e.name}`;
    libraries.push({ object: newLibrary(e.name, await fs.read(file)), origin: { file, line: 1 }, docIndex: 0 });
  }
  return { reconcilers, libraries, errors };
}

async function findConfigs(fs: SourceFs, dir: string, out: string[]): Promise<void> {
  for (const e of await listFolder(fs, dir)) {
    if (e.isDir) await findConfigs(fs, `${dir}/${e.name}`, out);
    else if (e.name === 'config.yaml') out.push(`${dir}/${e.name}`);
  }
}

/** Profile B: reconcilers/**\/config.yaml with the code files of their folder, and crds/*.star libraries. */
export async function parseSourcesB(fs: SourceFs, folders: ProjectFolders = DEFAULT_FOLDERS): Promise<SourcesResult> {
  const errors: Diagnostic[] = [];
  const configFiles: string[] = [];
  await findConfigs(fs, folders.reconcilers, configFiles);
  const reconcilers: LoadedObject[] = [];
  for (const file of configFiles.sort()) {
    let raw: Record<string, any> | null;
    try {
      raw = parseYaml(await fs.read(file), file) as Record<string, any> | null;
    } catch (err) {
      const detail = err instanceof YamlError ? `${err.line}:${err.column}: ${err.detail}` : (err as Error).message;
      errors.push({ severity: 'error', message: `invalid reconciler ${file}, err: ${detail}`, where: { file } });
      continue;
    }
    const name = raw?.metadata?.name;
    if (typeof name !== 'string' || name === '') {
      errors.push({ severity: 'error', message: `invalid reconciler ${file}, err: metadata.name is required in a config.yaml`, where: { file, line: 1 } });
      continue;
    }
    const obj = newReconciler(name, reconcilerSpec(raw?.spec));
    const codeFiles: Record<string, SourceLocation> = {};
    const dir = path.posix.dirname(file);
    for (const e of await listFolder(fs, dir)) {
      if (e.isDir || e.name === 'config.yaml') continue;
      const f = `${dir}/${e.name}`;
      const err = attachCode(obj, name, e.name, await fs.read(f), codeFiles, { file: f, line: 1 });
      if (err) errors.push({ severity: 'error', message: err, where: { file: f } });
    }
    if ((obj.spec as Record<string, unknown>).type === undefined) continue;
    reconcilers.push({ object: obj, origin: { file, line: 1 }, docIndex: 0, codeFiles });
  }
  const libraries: LoadedObject[] = [];
  for (const e of await listFolder(fs, folders.apis)) {
    if (e.isDir || !e.name.endsWith('.star')) continue;
    const file = `${folders.apis}/${e.name}`;
    libraries.push({ object: newLibrary(e.name.replace(/_/g, '.'), await fs.read(file)), origin: { file, line: 1 }, docIndex: 0 });
  }
  return { reconcilers, libraries, errors };
}

/** Profile B when there is a reconcilers/**\/config.yaml or a crds/*.star file. */
export async function detectProfile(fs: SourceFs, folders: ProjectFolders = DEFAULT_FOLDERS): Promise<'A' | 'B'> {
  if ((await listFolder(fs, folders.apis)).some((e) => !e.isDir && e.name.endsWith('.star'))) return 'B';
  const configs: string[] = [];
  await findConfigs(fs, folders.reconcilers, configs);
  return configs.length > 0 ? 'B' : 'A';
}

export interface DevParseOutput {
  /** Project-relative paths of the files written. */
  written: string[];
  errors: Diagnostic[];
}

/**
 * `choreo dev parse DIR` (profile A): writes `in/choreo.kform.dev.reconciler.<name>.yaml` and
 * `in/choreo.kform.dev.library.<file>.yaml`. `in/` must exist; stale files are never deleted;
 * errors are collected and the files that could be written are written. Profile B: a no-op.
 */
export async function devParse(dir: string, folderOverrides: Partial<ProjectFolders> = {}): Promise<DevParseOutput> {
  const st = await fsp.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) throw new Error(`invalid directory argument: ${dir}`);
  const fs = diskFs(dir);
  const folders = await resolveFolders(fs, folderOverrides);
  if ((await detectProfile(fs, folders)) === 'B') return { written: [], errors: [] };
  const res = await parseSourcesA(fs, folders);
  const errors = [...res.errors];
  const written: string[] = [];
  const inDir = path.join(dir, folders.input);
  const inOk = (await fsp.stat(inDir).catch(() => undefined))?.isDirectory() ?? false;
  const out = [
    ...res.reconcilers.map((r) => ({ rel: `${folders.input}/choreo.kform.dev.reconciler.${r.object.metadata.name}.yaml`, obj: r.object })),
    ...res.libraries.map((l) => ({ rel: `${folders.input}/choreo.kform.dev.library.${l.object.metadata.name}.yaml`, obj: l.object })),
  ];
  for (const o of out) {
    if (!inOk) {
      errors.push({ severity: 'error', message: `cannot write ${o.rel}: folder ${folders.input}/ does not exist (create it first)`, where: { file: o.rel } });
      continue;
    }
    await writeFileAtomic(path.join(dir, o.rel), toGoYaml(o.obj));
    written.push(o.rel);
  }
  return { written, errors };
}
