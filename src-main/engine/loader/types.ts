// Public types of the project loader (engine.md §1): what `loadProject` reads and returns.
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiStore, Clock, RegisteredApi } from '../store/types.js';
import type { ProjectFolders } from '../files/folders.js';

/** Where something came from: a project-relative path (`in/x.yaml`) and a 1-based line/column. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  where?: SourceLocation;
}

/** An object read from a YAML file, with its document index and position. */
export interface LoadedObject {
  object: KrmObject;
  origin: SourceLocation;
  docIndex: number;
  /** Reconcilers from sources: code key (`reconciler.star`, `main.tpl`) → the file it came from. */
  codeFiles?: Record<string, SourceLocation>;
}

export type ReconcilerType = 'starlark' | 'gotemplate' | 'jinjatemplate';

/** A `for` / `owns` / `watches` entry of a Reconciler spec (engine.md §2.2). */
export interface ReconcilerResource extends GroupVersionKind {
  /** Absent selector = matches nothing for `for` (engine.md §4.2); keep undefined vs {} distinct. */
  selector?: {
    match?: Record<string, string>;
    matchExpressions?: { expression: string; operator: string; values?: string[] }[];
  };
}

/** A reconciler ready to run: from the store (profile A) or from files (profile B). */
export interface ReconcilerDef {
  name: string;
  type: ReconcilerType;
  /** File name → content. Starlark: always `reconciler.star`. Templates: `main.tpl` etc. */
  code: Record<string, string>;
  for: ReconcilerResource;
  owns: ReconcilerResource[];
  watches: ReconcilerResource[];
  /** [B] condition type written by Choreo; undefined in profile A. */
  conditionType?: string;
  specUpdate?: boolean;
  /** The Reconciler object as stored. */
  object: KrmObject;
  /** Where its config / code came from (reconcilers/x.yaml, or the in/ file, or an upstream). */
  origin: SourceLocation;
  /** Code file → its location, so runtime errors can point at the .star/.tpl file. */
  codeFiles: Record<string, SourceLocation>;
}

export interface LibraryDef {
  /** The name used in `load("<name>", …)`, e.g. `api.k8s.io.object.star`. */
  name: string;
  type: string;
  code: string;
  object: KrmObject;
  origin: SourceLocation;
}

/** The field manager of everything loaded from files (Go's `ManagedFieldManagerInput`). */
export const INPUT_FIELD_MANAGER = 'inputfileloader';

/** An UpstreamRef from `refs/` (engine.md §2.4). The runtime clones it; the loader only parses it. */
export interface UpstreamRefDef {
  name: string;
  url: string;
  /** `spec.directory` or `.` */
  directory: string;
  ref: { type: 'hash' | 'tag'; name: string };
  /**
   * `all`: the child is a whole Choreo package (APIs, libraries, reconcilers in their own runner, data and
   * its own `crd` refs); `crd`: it contributes APIs and libraries only (upstream's UpstreamRefType).
   */
  type: 'all' | 'crd';
  /**
   * `spec.includes` (API file names). Upstream declares it but its loader never reads it (kform-dev/choreo
   * up to HEAD fde3b81), so it filters nothing here either.
   */
  includes: string[];
  object: KrmObject;
  origin: SourceLocation;
}

/** `A`: flat reconcilers/ + libs/ (examples); `B`: reconcilers/<dir>/config.yaml + crds/*.star. */
export type ProjectProfile = 'A' | 'B';

/** One entry of a folder a SourceFs lists. */
export interface SourceEntry {
  name: string;
  isDir: boolean;
}

/**
 * Read-only access to a project's files, so the loader can read a folder on disk or the tree of a
 * git commit (upstream children). Paths are relative to the package root with `/` separators.
 */
export interface SourceFs {
  /** Entries of a folder (names only, sorted or not), or [] when it does not exist. */
  list(dir: string): Promise<SourceEntry[]>;
  read(path: string): Promise<string>;
}

/** Everything read from one package's files, before anything touches a store. */
export interface ProjectSources {
  profile: ProjectProfile;
  /** The folders that were read (defaults, options, or the earlier layout's `apis/`). */
  folders: ProjectFolders;
  crds: LoadedObject[];
  /** `in/` documents (all kinds), sorted by file name, then document index. */
  inputs: LoadedObject[];
  /** Reconciler objects from the in-memory dev parse of `reconcilers/` (A) or config.yaml files (B). */
  reconcilers: LoadedObject[];
  /** Library objects from `libs/` (A) or `crds/*.star` (B). */
  libraries: LoadedObject[];
  upstreamRefs: UpstreamRefDef[];
  /** Errors found while reading (bad YAML, bad reconciler config …); loadProject fails on any error. */
  diagnostics: Diagnostic[];
}

/** An upstream child package that the runtime cloned and read (through `readProjectSources`). */
export interface ChildPackage {
  /** The UpstreamRef's name. */
  name: string;
  /** Value of the origin annotation for its objects, e.g. `{"kind":"Upstream","url":"…","ref":"…"}`. */
  origin: string;
  sources: ProjectSources;
}

export interface LoadOptions {
  /** Store to load into; default: a new store persisted in `<dir>/.choreo/db` (read first). */
  store?: ApiStore;
  clock?: Clock;
  newUid?: () => string;
  /** Upstream children to load after the root's data (engine.md §1.6, §8.2). */
  children?: ChildPackage[];
  /**
   * Extra APIs registered before anything else (internal backends such as IPAM with `-r`); a function
   * chooses them from the root package (the backends' APIs depend on the Choreo generation of its layout).
   */
  internalApis?: KrmObject[] | ((root: ProjectSources) => KrmObject[]);
  /**
   * Called once with the store right after the internal APIs are registered, before any data is
   * applied: the `-r` backends install their store hooks here (engine/backends/install.ts).
   */
  prepareStore?: (store: ApiStore, root: ProjectSources) => void;
  /** Skip the in-memory dev parse of reconcilers/ + libs/ (strict profile A). Default false. */
  noDevParse?: boolean;
  /** The root package's folder options (`--apis`, `--input`, `--refs`, `--reconcilers`, `--libraries`). */
  folders?: Partial<ProjectFolders>;
  /**
   * Where the root package's files are read (default: the folder on disk). A plan reads the editor's unsaved
   * buffers over the folder, or the git index, through it; the store and snapshots stay the folder's.
   */
  sources?: SourceFs;
  /**
   * Keep stored input whose file is not in this folder (skip the clean step, engine.md §1.5 step 3). A runner
   * that takes over a shared (etcd) store from a leader it followed resumes that leader's store: input the
   * leader acknowledged stays even when this runner's checkout lacks its file. Default false.
   */
  keepStoredInput?: boolean;
}

export interface LoadedProject {
  dir: string;
  profile: ProjectProfile;
  store: ApiStore;
  apis: RegisteredApi[];
  reconcilers: ReconcilerDef[];
  libraries: LibraryDef[];
  inputs: LoadedObject[];
  upstreamRefs: UpstreamRefDef[];
  /** Warnings only (errors make loadProject throw a LoadError). */
  diagnostics: Diagnostic[];
  /** Objects deleted by the clean step and the load-time garbage collector. */
  deleted: KrmObject[];
}
