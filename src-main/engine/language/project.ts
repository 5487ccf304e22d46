// What the Starlark language service and the project graph know about a project: its Starlark files
// (reconcilers and libraries, with the module name `load()` uses for each library), its reconcilers
// (for/owns/watches and their code files), its CRDs with their schemas, and its upstream refs. Read
// through a SourceFs (the disk in the host worker, a map in tests), with the loader's own rules for
// folders, profiles and library names, so the editor resolves `load("x.star", ...)` as a run does.
import type { JsonSchemaEntry } from '../../../src-shared/ipc/channels/engine.js';
import { parseSourcesA, parseSourcesB, detectProfile } from '../loader/dev-parse.js';
import { DEFAULT_FOLDERS, resolveFolders, type ProjectFolders } from '../files/folders.js';
import { listFolder } from '../loader/yaml-dir.js';
import type { SourceFs } from '../loader/types.js';
import { schemasOfCrd } from '../schema/crd-json-schemas.js';
import { parseYamlDocuments } from '../yaml/documents.js';

export interface KindRef {
  group: string;
  version: string;
  kind: string;
}

export interface ReconcilerInfo {
  name: string;
  /** The config file (reconcilers/<name>.yaml, or reconcilers/<dir>/config.yaml). */
  config: string;
  type: string;
  for?: KindRef;
  owns: KindRef[];
  watches: KindRef[];
  /** Its code files (a .star file, or templates). */
  codeFiles: string[];
}

export interface CrdInfo {
  group: string;
  kind: string;
  plural: string;
  versions: string[];
  file: string;
  line: number;
}

export interface RefInfo {
  name: string;
  file: string;
  line: number;
  /** `url` `directory` @ `ref.name`, for display. */
  source: string;
}

export interface StarFile {
  path: string;
  text: string;
  role: 'reconciler' | 'library';
  /** For a library: the name `load()` uses. */
  module?: string;
  /** For a reconciler's code file: its reconciler. */
  reconciler?: string;
}

export interface LanguageProject {
  /** `A` (flat reconcilers/ + libs/) or `B` (reconcilers/<dir>/config.yaml + crds/*.star). */
  profile: 'A' | 'B';
  folders: ProjectFolders;
  /** Every Starlark file of the project by its project path. */
  files: Map<string, StarFile>;
  /** Library module name → project path. */
  modules: Map<string, string>;
  reconcilers: ReconcilerInfo[];
  crds: CrdInfo[];
  /** JSON schemas of the project's kinds (its CRDs and the built-in choreo kinds). */
  schemas: JsonSchemaEntry[];
  refs: RefInfo[];
  /** Files that could not be read or parsed (shown, never fatal). */
  problems: { file: string; message: string }[];
}

function kindRef(v: unknown): KindRef | undefined {
  const o = v as { group?: unknown; version?: unknown; kind?: unknown } | null;
  if (!o || typeof o !== 'object' || typeof o.kind !== 'string') return undefined;
  return { group: typeof o.group === 'string' ? o.group : '', version: typeof o.version === 'string' ? o.version : '', kind: o.kind };
}

function kindRefs(v: unknown): KindRef[] {
  return Array.isArray(v) ? v.map(kindRef).filter((k): k is KindRef => !!k) : [];
}

/** Reads the project through `fs`. `overrides`: the server's folder options (`--apis` ...). */
export async function loadLanguageProject(fs: SourceFs, overrides: Partial<ProjectFolders> = {}): Promise<LanguageProject> {
  const folders = await resolveFolders(fs, overrides).catch(() => ({ ...DEFAULT_FOLDERS }));
  const profile = await detectProfile(fs, folders);
  const sources = profile === 'A' ? await parseSourcesA(fs, folders) : await parseSourcesB(fs, folders);
  const problems: LanguageProject['problems'] = sources.errors.map((e) => ({ file: e.where?.file ?? '', message: e.message }));
  const files = new Map<string, StarFile>();
  const modules = new Map<string, string>();
  const reconcilers: ReconcilerInfo[] = [];
  for (const r of sources.reconcilers) {
    const spec = r.object.spec as Record<string, unknown>;
    const codeFiles = Object.values(r.codeFiles ?? {}).map((l) => l.file);
    const name = r.object.metadata.name ?? '';
    reconcilers.push({ name, config: r.origin.file, type: String(spec.type ?? ''), for: kindRef(spec.for), owns: kindRefs(spec.owns), watches: kindRefs(spec.watches), codeFiles });
    for (const [key, where] of Object.entries(r.codeFiles ?? {})) {
      if (!where.file.endsWith('.star')) continue;
      const code = (spec.code as Record<string, string> | undefined)?.[key];
      if (typeof code === 'string') files.set(where.file, { path: where.file, text: code, role: 'reconciler', reconciler: name });
    }
  }
  for (const l of sources.libraries) {
    const module = l.object.metadata.name ?? '';
    const code = (l.object.spec as { code?: unknown }).code;
    if (!l.origin.file.endsWith('.star') || typeof code !== 'string') continue;
    files.set(l.origin.file, { path: l.origin.file, text: code, role: 'library', module });
    modules.set(module, l.origin.file); // duplicates: the last one wins, as in the runner
  }
  const crds: CrdInfo[] = [];
  const schemas: JsonSchemaEntry[] = [];
  for (const e of await listFolder(fs, folders.apis)) {
    if (e.isDir || !/\.ya?ml$/.test(e.name)) continue;
    const file = `${folders.apis}/${e.name}`;
    try {
      for (const doc of parseYamlDocuments(await fs.read(file), file)) {
        const crd = doc.value as { kind?: string; spec?: { group?: string; names?: { kind?: string; plural?: string }; versions?: { name?: string }[] } };
        if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec?.names?.kind) continue;
        crds.push({
          group: crd.spec.group ?? '',
          kind: crd.spec.names.kind,
          plural: crd.spec.names.plural ?? '',
          versions: (crd.spec.versions ?? []).map((v) => v?.name ?? '').filter(Boolean),
          file,
          line: doc.line,
        });
        schemas.push(...schemasOfCrd(crd, file));
      }
    } catch (err) {
      problems.push({ file, message: (err as Error).message });
    }
  }
  const refs: RefInfo[] = [];
  for (const e of await listFolder(fs, folders.refs)) {
    if (e.isDir || !/\.ya?ml$/.test(e.name)) continue;
    const file = `${folders.refs}/${e.name}`;
    try {
      for (const doc of parseYamlDocuments(await fs.read(file), file)) {
        const ref = doc.value as { kind?: string; metadata?: { name?: string }; spec?: { url?: string; directory?: string; ref?: { name?: string } } };
        if (ref?.kind !== 'UpstreamRef') continue;
        const s = ref.spec ?? {};
        const source = `${(s.url ?? '').replace(/^https?:\/\//, '').replace(/\.git$/, '')}${s.directory ? `/${s.directory}` : ''}${s.ref?.name ? `@${s.ref.name.slice(0, 12)}` : ''}`;
        refs.push({ name: ref.metadata?.name ?? e.name, file, line: doc.line, source });
      }
    } catch (err) {
      problems.push({ file, message: (err as Error).message });
    }
  }
  return { profile, folders, files, modules, reconcilers, crds, schemas, refs, problems };
}

/** The apiVersion of a kind reference (`group/version`, or the version alone for the core group). */
export function apiVersionOf(k: KindRef): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}
