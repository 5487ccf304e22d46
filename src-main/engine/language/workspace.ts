// The language service's view of a project at one moment: the project's files (with the editor's unsaved
// buffers laid over them), each file's analysis (cached by text), and the lookups every feature needs —
// which file a `load()` names, which global a loaded name is, which CRD schema a kind has.
import type { JsonSchemaEntry } from '../../../src-shared/ipc/channels/engine.js';
import { HOST_BUILTIN_SIGNATURES } from '../builtins/host-builtin-signatures.js';
import type { ResolvedBinding } from '../starlark/index.js';
import type { Ident, LoadStmt } from '../starlark/syntax/ast.js';
import { analyse, type FileAnalysis } from './analysis.js';
import { Inferer } from './infer.js';
import { apiVersionOf, type KindRef, type LanguageProject, type ReconcilerInfo } from './project.js';

/** Host builtins are predeclared in every reconciler and library. */
export const isPredeclared = (name: string): boolean => Object.prototype.hasOwnProperty.call(HOST_BUILTIN_SIGNATURES, name);

/** A module-level name of a file: its binding and the file it lives in. */
export interface GlobalRef {
  fa: FileAnalysis;
  binding: ResolvedBinding;
}

export class Workspace {
  private readonly analyses = new Map<string, FileAnalysis>();
  /** Analyses of this request only (a file analysed with its cursor line repaired): never reused later. */
  private readonly transient = new Map<string, FileAnalysis>();

  constructor(
    readonly project: LanguageProject,
    /** Editor buffers that differ from the disk: path → text. */
    readonly overlays: ReadonlyMap<string, string> = new Map(),
    /** Analyses of earlier workspaces by path, reused while a file's text stays the same (shared, updated here). */
    private readonly cache: Map<string, FileAnalysis> = new Map(),
  ) {}

  private inferrer: Inferer | undefined;

  /** The type inference of this workspace (its memos live as long as the workspace: one request). */
  inferer(): Inferer {
    return (this.inferrer ??= new Inferer(this));
  }

  /** Every Starlark file of the project (paths), the overlaid ones included. */
  paths(): string[] {
    return [...new Set([...this.project.files.keys(), ...[...this.overlays.keys()].filter((p) => p.endsWith('.star'))])].sort();
  }

  text(path: string): string | undefined {
    return this.overlays.get(path) ?? this.project.files.get(path)?.text;
  }

  /** The analysis of a file, or undefined for a file the project does not have. */
  analysis(path: string): FileAnalysis | undefined {
    const hit = this.transient.get(path) ?? this.analyses.get(path);
    if (hit) return hit;
    const text = this.text(path);
    if (text === undefined) return undefined;
    const old = this.cache.get(path);
    const fa = old && old.text === text ? old : analyse(path, text, isPredeclared);
    this.analyses.set(path, fa);
    this.cache.set(path, fa);
    return fa;
  }

  /** Replaces a file's analysis for this request (the file being typed in, analysed with its cursor line repaired). */
  useTransient(fa: FileAnalysis): void {
    this.transient.set(fa.path, fa);
  }

  /** The file a `load()` module name refers to. */
  moduleFile(module: string): string | undefined {
    return this.project.modules.get(module);
  }

  /** The module name of a library file (what `load()` calls it). */
  moduleOf(path: string): string | undefined {
    return this.project.files.get(path)?.module;
  }

  /** The load statement that binds a file-local name. */
  loadOf(fa: FileAnalysis, id: Ident): { load: LoadStmt; orig: string } | undefined {
    for (const l of fa.loads) for (const n of l.names) if (n.local === id || n.local === id.binding?.first) return { load: l, orig: n.orig };
    return undefined;
  }

  /** What a load binding refers to: the global of the loaded file (undefined when the module or name is missing). */
  loadTarget(fa: FileAnalysis, id: Ident): GlobalRef | undefined {
    const l = this.loadOf(fa, id);
    if (!l) return undefined;
    return this.exported(l.load.module, l.orig);
  }

  /** A module's exported global `name`. */
  exported(module: string, name: string): GlobalRef | undefined {
    const path = this.moduleFile(module);
    const target = path ? this.analysis(path) : undefined;
    const binding = target?.globals.get(name);
    if (!target || !binding || binding.fileLocal) return undefined;
    return { fa: target, binding };
  }

  /** The reconciler a code file belongs to. */
  reconcilerOf(path: string): ReconcilerInfo | undefined {
    const name = this.project.files.get(path)?.reconciler;
    return name === undefined ? undefined : this.project.reconcilers.find((r) => r.name === name);
  }

  /** The CRD a library is named after (`<group>.<plural>.star`, as upstream projects name their libraries). */
  kindOfLibrary(path: string): KindRef | undefined {
    const module = this.moduleOf(path);
    if (!module) return undefined;
    const base = module.replace(/\.star$/, '');
    for (const c of this.project.crds) {
      if (c.plural && `${c.group}.${c.plural}` === base) return { group: c.group, version: c.versions[c.versions.length - 1] ?? '', kind: c.kind };
    }
    return undefined;
  }

  /** The schema of a kind: by apiVersion and kind, else by kind when only one apiVersion has it. */
  schemaFor(apiVersion: string | undefined, kind: string): JsonSchemaEntry | undefined {
    const all = this.project.schemas.filter((s) => s.kind === kind);
    if (apiVersion !== undefined) {
      const exact = all.find((s) => s.apiVersion === apiVersion);
      if (exact) return exact;
      const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
      const sameGroup = all.filter((s) => (s.apiVersion.includes('/') ? s.apiVersion.slice(0, s.apiVersion.indexOf('/')) : '') === group);
      if (sameGroup.length) return sameGroup[sameGroup.length - 1];
    }
    return all.length ? all[all.length - 1] : undefined;
  }

  schemaForRef(k: KindRef): JsonSchemaEntry | undefined {
    return this.schemaFor(k.version ? apiVersionOf(k) : undefined, k.kind);
  }
}
