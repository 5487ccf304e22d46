// The data-layer functions the runtime uses (engine data helper's modules), in one place so the runner
// modules do not depend on where each of them lives.
export {
  loadProject,
  readProjectSources,
  diskFs,
  writeSnapshot,
  readSnapshot,
  writeFileAtomic,
  LoadError,
} from '../index.js';
