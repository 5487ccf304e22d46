// The data-layer functions the runtime uses (engine data helper's modules), in one place so the runner
// modules do not depend on where each of them lives. Imported from their modules, not from engine/index.ts,
// to keep the import graph free of cycles.
export { loadProject } from '../loader/load.js';
export { readProjectSources } from '../loader/sources.js';
export { diskFs } from '../loader/source-fs.js';
export { resolveFolders } from '../files/folders.js';
export { detectProfile } from '../loader/dev-parse.js';
export { LoadError } from '../loader/errors.js';
export { writeFileAtomic } from '../files/atomic-write.js';
export { writeSnapshot } from '../snapshots/snapshot-store.js';
