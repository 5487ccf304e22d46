// The backends changed behaviour between Choreo releases, and real projects depend on the release they
// were written for (their db/ shows it). Projects in the layout from before v0.0.9 (APIs in `apis/`)
// were run with the backend embedded in the earliest Choreo (the kubenet projects' db/, September
// 2024): an IPIndex keeps its prefixes as its own routes, and an address does not take its parent
// prefix's labels. From v0.0.8 on (and at HEAD), an IPIndex turns each prefix into an IPClaim it owns
// (`<index>.<subnet>`), and addresses inherit the user labels of the prefix they come from.
import { LEGACY_APIS_FOLDER, type ProjectFolders } from '../loader/folders.js';

export interface BackendGeneration {
  /** `routes`: the index's own routes (owner IPIndex, default prefixType aggregate); `claims`: IPClaim objects. */
  indexPrefixes: 'routes' | 'claims';
  /** Address routes carry the user labels of their parent prefix. */
  inheritParentLabels: boolean;
}

export const CURRENT_GENERATION: Readonly<BackendGeneration> = Object.freeze({ indexPrefixes: 'claims', inheritParentLabels: true });
export const EARLY_GENERATION: Readonly<BackendGeneration> = Object.freeze({ indexPrefixes: 'routes', inheritParentLabels: false });

/** The generation a project was written for, from its layout. */
export function generationOf(folders: ProjectFolders): BackendGeneration {
  return folders.apis === LEGACY_APIS_FOLDER ? EARLY_GENERATION : CURRENT_GENERATION;
}
