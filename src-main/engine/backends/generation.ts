// The backends changed behaviour between Choreo releases, and real projects depend on the release they
// were written for. Three generations, told apart by the project's layout:
//
// - Choreo v0.0.1 (APIs in `apis/`, the layout from before v0.0.9; stores written in September
//   2024): Choreo's own copy of kuid. An IPIndex keeps its prefixes as its own routes, and an address
//   does not take its parent prefix's labels.
// - Choreo v0.0.8–v0.0.13 (profile A: `crds/` with flat `reconcilers/<name>.yaml`; choreo-examples):
//   the same copy of kuid, but an IPIndex turns each prefix into an IPClaim it owns (`<index>.<subnet>`)
//   and addresses inherit the user labels of the prefix they come from.
// - Choreo v0.0.14 to HEAD (profile B: `reconcilers/<dir>/config.yaml`): kuid itself, at the commit
//   Choreo HEAD pins (988ca3d): prefix types `regular` (the default) and `network`, entries named
//   `<namespace>.<index>.<subnet>` with `indexEntry`, the reserved ID ranges of an index stored as claims
//   (`<index>.rangereservedmin|max`), and the EXTCOMM APIs registered (without a backend, as there).
import { LEGACY_APIS_FOLDER, type ProjectFolders } from '../files/folders.js';
import type { ProjectProfile } from '../loader/types.js';

/** `embedded`: the kuid copy inside Choreo v0.0.1–v0.0.13; `head`: kuid 988ca3d (Choreo v0.0.20/HEAD). */
export type KuidVersion = 'embedded' | 'head';

/**
 * What opening a persisted store does with the dynamic IDs (VLAN/AS/GENID) its claims hold, for the kuid
 * embedded in early Choreo (kuid at HEAD always takes back a claim's ID while it is free):
 * - `keep` (what every run does): each claim keeps its ID, as with a Go server that kept running between
 *   `run once`s, so a second run on the kept state gives the same result;
 * - `redeal`: as a Go server process restarting on that store: its restore walks the stored entries last
 *   to first and hands each claim the lowest free ID (kform-dev/choreo a2ef1de,
 *   pkg/backend/generic/applicator_dynamic_id.go), so two claims can swap.
 */
export type BackendRestore = 'keep' | 'redeal';

export interface BackendGeneration {
  /** The Choreo releases it stands for (messages, tests). */
  name: string;
  kuid: KuidVersion;
  /** `routes`: the index's own routes (owner IPIndex, default prefixType aggregate); `claims`: IPClaim objects. */
  indexPrefixes: 'routes' | 'claims';
  /** Address routes carry the user labels of their parent prefix. */
  inheritParentLabels: boolean;
}

export const EARLY_GENERATION: Readonly<BackendGeneration> = Object.freeze({ name: 'Choreo v0.0.1', kuid: 'embedded', indexPrefixes: 'routes', inheritParentLabels: false });
export const EXAMPLES_GENERATION: Readonly<BackendGeneration> = Object.freeze({ name: 'Choreo v0.0.8–v0.0.13', kuid: 'embedded', indexPrefixes: 'claims', inheritParentLabels: true });
export const HEAD_GENERATION: Readonly<BackendGeneration> = Object.freeze({ name: 'Choreo HEAD (kuid 988ca3d)', kuid: 'head', indexPrefixes: 'claims', inheritParentLabels: true });

/** The generation a project was written for, from its layout. */
export function generationOf(root: { folders: ProjectFolders; profile: ProjectProfile }): BackendGeneration {
  if (root.folders.apis === LEGACY_APIS_FOLDER) return EARLY_GENERATION;
  return root.profile === 'B' ? HEAD_GENERATION : EXAMPLES_GENERATION;
}
