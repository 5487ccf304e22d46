// Public entry of the Choreo engine (a pure Node library: no Electron, React or IPC imports).
// The CLI, the host and the tests use only what is exported here.
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

// Functions of the data layer (exported below as they land):
//   createApiStore(opts: StoreOptions): ApiStore              store/store.ts
//   openApiStore(dbDir, opts): Promise<ApiStore>              store/persist.ts (reads .choreo/db)
//   loadProject(dir, opts?: LoadOptions): Promise<LoadedProject>   loader/load.ts (throws LoadError)
//   readProjectSources(fs: SourceFs, opts?): Promise<ProjectSources>  loader/sources.ts (root or upstream child)
//   diskFs(dir): SourceFs; devParse(dir): Promise<{written: string[]}>
//   reconcilerDefs(store) / libraryDefs(store): the runnable defs from Reconciler/Library objects
//   writeSnapshot(projectDir, store, meta: SnapshotMeta): Promise<SnapshotInfo>   snapshots/
//   listSnapshots(dir), readSnapshot(dir, id | 'latest'), diffSnapshots(prev|null, next, opts), formatDiff
//   buildDeps(objects, {includeChoreoApis}), formatDeps(nodes)
//   toYaml(obj) (sorted keys), parseYamlDocuments(text, file)

export { createApiStore, MemoryApiStore, publicCopy, type ApiBucket } from './store/store.js';
export { openApiStore } from './store/persist.js';
export { writeFileAtomic } from './store/atomic-write.js';
export { builtinCrds } from './store/builtin-apis.js';
export { parseYamlDocuments, parseYaml, splitDocuments, YamlError, type YamlDocument } from './yaml/documents.js';
export { toYaml, toYamlDocuments, canonicalJson, sortKeys } from './yaml/emit.js';
export { deepEqual, cloneJson } from './apply/equal.js';
export { loadProject, INPUT_FIELD_MANAGER } from './loader/load.js';
export { readProjectSources } from './loader/sources.js';
export { diskFs, memoryFs } from './loader/source-fs.js';
export { devParse, parseSourcesA, parseSourcesB, detectProfile } from './loader/dev-parse.js';
export { reconcilerDefs, libraryDefs, reconcilerDef } from './loader/defs.js';
export { buildInventory, findGarbage, findOwnerCycle, type InventoryNode } from './snapshots/inventory.js';
// Engine runtime (run once, continuous runner, upstream refs, selectors): see runner/index.ts.
export * from './runner/index.js';
export { writeSnapshot, listSnapshots, readSnapshot, deleteSnapshot, pruneSnapshots, storeInventory, snapshotsDir, goTimeString } from './snapshots/snapshot-store.js';
export { diffSnapshots, formatDiff } from './snapshots/diff.js';
export { buildDeps, formatDeps, choreoKindSet } from './snapshots/deps.js';
export { gitInfo } from './snapshots/git-info.js';
export { collectGarbage, storeOwnerGraph, ownerCycleText, type GcResult } from './loader/gc.js';
export { compileRootSchema, compileSchema, type SchemaNode } from './schema/model.js';
export { toGoYaml, goKeyLess } from './yaml/go-emit.js';
export { fieldChanges, type FieldChange } from './snapshots/field-diff.js';
