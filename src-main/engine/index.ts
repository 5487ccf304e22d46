// Public entry of the Choreo engine (a pure Node library: no Electron, React or IPC imports).
// Everything outside src-main/engine/ (the CLI, the host, project/, delivery/, tests, benchmarks) imports the
// engine only through this file (checked by `npm run test:layers`, rule engine-through-its-entry).
//
// Importing one name from here does not load the whole engine from the bundle: the build bundles each
// `import { … } from '…/engine/index.js'` as imports of the modules that define those names
// (scripts/engine-entry-plugin.ts), so start-up paths stay lean (scripts/startup-imports.test.ts measures
// what each one loads). Under tsx and vitest (no bundle) the whole engine is loaded. A caller that wants a
// part only when it is needed puts that use in a module of its own and imports that module with
// `await import(...)` (e.g. the runner thread's use of host/workers/engine-data.ts); never import this file dynamically or as a namespace
// (`import * as`): that loads every module it re-exports. Keep this file to `export … from` lines: the
// build plugin reads them.
//
// Data layer (engine data): KRM helpers, the API store, validation, server-side apply, the project
// loader, snapshots/diff/deps. Runtime (engine runtime): selectors, reconcilers, runner, refs.
export * from '../../src-shared/krm/index.js';
export type * from './store/types.js';
export { StoreError, isStoreError } from './store/errors.js';
export { systemClock, manualClock, sequentialUids } from './store/clock.js';
export type * from './loader/types.js';
export { LoadError, formatDiagnostic, formatWhere } from './loader/errors.js';
export type * from './snapshots/types.js';

// Data layer in short (details in each module's header):
//   createApiStore(opts) / openApiStore(dbDir, opts)   in-memory store; persisted by store.save() into
//       <project>/.choreo/db/<group>/<plural>.ndjson (+ apis.ndjson: registered APIs), atomic writes
//   loadProject(dir, opts) → LoadedProject             throws LoadError (every problem with file:line);
//       nothing is saved by it: the caller saves the store after a successful run
//   readProjectSources(fs) / diskFs / memoryFs          read a package (root or upstream child) without a store
//   devParse(dir)                                       `choreo dev parse` (go-yaml identical output)
//   collectGarbage(store)                               delete objects whose owners are gone
//   writeSnapshot / listSnapshots / readSnapshot / deleteSnapshot / pruneSnapshots
//       <project>/.choreo/snapshots/<id>.json.gz + <id>.meta.json (id = content hash)
//   diffSnapshots(prev|null, next, opts) + formatDiff; fieldChanges(a, b); buildDeps + formatDeps
//   toYaml (general), toGoYaml (Go-identical), parseYamlDocuments (fast path + yaml package)

export { createApiStore, MemoryApiStore, publicCopy, type ApiBucket } from './store/store.js';
export { openApiStore } from './store/open.js';
// Small file helpers (no store or loader behind them; project/, delivery/ and the start-up paths use them).
export { writeFileAtomic, writeChunksAtomic, isTempName, TEMP_SUFFIX, type AtomicWriteOptions } from './files/atomic-write.js';
export { ensureChoreoDir } from './files/choreo-dir.js';
export { readRegularFile, NotRegularFileError, specialFileKind } from './files/regular-file.js';
export { withFileLock, updateJsonFile, LockTimeoutError, type FileLockOptions } from './store/file-lock.js';
export { builtinCrds } from './store/builtin-apis.js';
export { crdObject, krmObjectSchema, type CrdDefinition } from './store/crd-object.js';
export { parseYamlDocuments, parseYaml, splitDocuments, YamlError, type YamlDocument } from './yaml/documents.js';
export { toYaml, toYamlDocuments, canonicalJson, sortKeys } from './yaml/emit.js';
export { deepEqual, cloneJson } from './apply/equal.js';
export { loadProject, INPUT_FIELD_MANAGER } from './loader/load.js';
export { readProjectSources } from './loader/sources.js';
export { childEntries, diskFs, memoryFs, overlayFs } from './loader/source-fs.js';
export {
  chooseFolders,
  resolveFolders,
  checkFolderOverrides,
  normaliseFolder,
  FolderOptionError,
  DEFAULT_FOLDERS,
  LEGACY_APIS_FOLDER,
  FOLDER_FLAGS,
  type ProjectFolders,
  type FolderName,
} from './files/folders.js';
export { listFolder } from './loader/yaml-dir.js';
// Where the store lives (.choreo/config.yaml, --store, CHOREO_STORE) and the etcd store's client and leader record.
export { parseStoreUrl, resolveStoreSelection, storeUrl, StoreConfigError, type StoreOverrides, type StoreSelection, type EtcdStoreConfig } from './store/etcd/config.js';
export { connectEtcd, EtcdUnavailableError } from './store/etcd/client.js';
export { readEtcdStore } from './store/etcd/etcd-store.js';
export { LeaderElector, readLeadership } from './store/etcd/leader-election.js';
// Worker threads started from the sources or a bundle (the host's threads and the etcd lease thread).
export { runningFromSources, startThread, type ThreadEntry } from './threads/start-thread.js';
export { devParse, parseSourcesA, parseSourcesB, detectProfile } from './loader/dev-parse.js';
export { reconcilerDefs, libraryDefs, reconcilerDef } from './loader/defs.js';
export { buildInventory, findGarbage, findOwnerCycle, type InventoryNode } from './snapshots/inventory.js';
// Engine runtime (run once, continuous runner, upstream refs, selectors): see runner/index.ts.
export * from './runner/index.js';
// Internal backends enabled by `-r` (IPAM, VLAN, AS, GENID): see backends/index.ts.
export { backendCrds, installBackends, withInternalReconcilers, type InstalledBackends } from './backends/index.js';
export { writeSnapshot, deleteSnapshot, pruneSnapshots, storeInventory } from './snapshots/snapshot-store.js';
export { listSnapshots, readSnapshot, resolveSnapshot, resolveSnapshotIn, snapshotsDir, goTimeString } from './snapshots/snapshot-files.js';
export { diffSnapshots } from './snapshots/diff.js';
export { diffIndexedSnapshots } from './snapshots/indexed-diff.js';
export { formatDiff } from './snapshots/diff-items.js';
export { openIndexedSnapshot, type IndexedSnapshot } from './snapshots/indexed-snapshot.js';
export { buildDeps, formatDeps, choreoKindSet } from './snapshots/deps.js';
export { gitInfo } from './snapshots/git-info.js';
export { collectGarbage, storeOwnerGraph, ownerCycleText, type GcResult } from './loader/gc.js';
export { compileRootSchema, compileSchema, type SchemaNode } from './schema/model.js';
export { toGoYaml, goKeyLess } from './yaml/go-emit.js';
export { fieldChanges, type FieldChange } from './snapshots/field-diff.js';
export { placeBreakpoints, placeInText, type PlacedBreakpoint } from './debug/breakpoints.js';
export { DebugSession, type DebugChannel, type DebugEventMessage, type DebugRequest, type DebugRequestMessage, type DebugResponse } from './debug/session.js';
export { runDebuggee, type DebuggeeEnd, type DebuggeeOptions } from './debug/launch.js';
export { planProject, planProjectWithObjects, formatPlan, type PlanResult, type PlanOptions, type PlanWithObjects } from './plan/plan.js';
export { explainStored, type ExplainAnswer, type ExplainRequest } from './provenance/explain-stored.js';
export { explainObject, FieldNotFoundError } from './provenance/explain.js';
export { projectSchemas } from './schema/crd-json-schemas.js';
// The language service behind the editor (completion, hover, rename, the project graph).
export { LanguageService, loadLanguageProject, RenameError, type LanguageProject } from './language/index.js';
export { buildProjectGraph } from './language/project-graph.js';
// Reconciler building blocks that delivery's build evaluation reuses.
export { hostBuiltins } from './builtins/host-builtins.js';
export { VirtualClock } from './reconcilers/clock.js';

// The Starlark interpreter (starlark/index.ts documents it). Its generic names (check, parse, Thread, Value…)
// get a Starlark prefix here, so that a caller's code says which language it is talking about.
export {
  StarlarkError,
  runtimeError as starlarkRuntimeError,
  Builtin as StarlarkBuiltin,
  typeName as starlarkTypeName,
  str as starlarkStr,
  encodeUtf8,
  decodeUtf8,
  toStarlark,
  fromStarlark,
  Thread as StarlarkThread,
  DEFAULT_MAX_STEPS as STARLARK_DEFAULT_MAX_STEPS,
  parse as parseStarlark,
  resolve as resolveStarlark,
  check as checkStarlark,
  execFile as execStarlarkFile,
  call as callStarlark,
  type Value as StarlarkValue,
  type Kwargs as StarlarkKwargs,
  type Module as StarlarkModule,
  type LoadHook as StarlarkLoadHook,
  type StarlarkOptions,
} from './starlark/index.js';
export { Debugger as StarlarkDebugger } from './starlark/debug/debugger.js';
