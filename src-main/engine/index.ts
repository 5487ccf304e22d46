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
export { writeFileAtomic } from './files/atomic-write.js';
export { ensureChoreoDir } from './files/choreo-dir.js';
export { builtinCrds } from './store/builtin-apis.js';
export { parseYamlDocuments, parseYaml, splitDocuments, YamlError, type YamlDocument } from './yaml/documents.js';
export { toYaml, toYamlDocuments, canonicalJson, sortKeys } from './yaml/emit.js';
export { deepEqual, cloneJson } from './apply/equal.js';
export { loadProject, INPUT_FIELD_MANAGER } from './loader/load.js';
export { readProjectSources } from './loader/sources.js';
export { diskFs, memoryFs, overlayFs } from './loader/source-fs.js';
export { chooseFolders, resolveFolders, DEFAULT_FOLDERS, LEGACY_APIS_FOLDER, type ProjectFolders } from './files/folders.js';
export { devParse, parseSourcesA, parseSourcesB, detectProfile } from './loader/dev-parse.js';
export { reconcilerDefs, libraryDefs, reconcilerDef } from './loader/defs.js';
export { buildInventory, findGarbage, findOwnerCycle, type InventoryNode } from './snapshots/inventory.js';
// Engine runtime (run once, continuous runner, upstream refs, selectors): see runner/index.ts.
export * from './runner/index.js';
// Internal backends enabled by `-r` (IPAM, VLAN, AS, GENID): see backends/index.ts.
export { backendCrds, installBackends, withInternalReconcilers, type InstalledBackends } from './backends/index.js';
export { writeSnapshot, listSnapshots, readSnapshot, deleteSnapshot, pruneSnapshots, storeInventory, snapshotsDir, goTimeString } from './snapshots/snapshot-store.js';
export { diffSnapshots, formatDiff } from './snapshots/diff.js';
export { planProject, planProjectWithObjects, formatPlan, type PlanResult, type PlanWithObjects } from './plan/plan.js';
export { buildDeps, formatDeps, choreoKindSet } from './snapshots/deps.js';
export { gitInfo } from './snapshots/git-info.js';
export { collectGarbage, storeOwnerGraph, ownerCycleText, type GcResult } from './loader/gc.js';
export { compileRootSchema, compileSchema, type SchemaNode } from './schema/model.js';
export { toGoYaml, goKeyLess } from './yaml/go-emit.js';
export { fieldChanges, type FieldChange } from './snapshots/field-diff.js';
export { placeBreakpoints, placeInText, type PlacedBreakpoint } from './debug/breakpoints.js';
export { DebugSession, type DebugChannel, type DebugEventMessage, type DebugRequest, type DebugRequestMessage, type DebugResponse } from './debug/session.js';
export { runDebuggee, type DebuggeeEnd, type DebuggeeOptions } from './debug/launch.js';
