// Runnable reconciler and library definitions from the Reconciler/Library objects of a store.
import type { KrmObject } from '../../../src-shared/krm/object.js';
import type { ApiStore } from '../store/types.js';
import type { LibraryDef, ReconcilerDef, ReconcilerResource, ReconcilerType, SourceLocation } from './types.js';

export interface DefOrigins {
  /** `<Kind>/<name>` → where the object came from (and its code files). */
  get(key: string): { origin: SourceLocation; codeFiles?: Record<string, SourceLocation> } | undefined;
}

function resource(r: any): ReconcilerResource {
  const out: ReconcilerResource = { group: String(r?.group ?? ''), version: String(r?.version ?? ''), kind: String(r?.kind ?? '') };
  if (r?.selector !== undefined && r?.selector !== null) out.selector = r.selector;
  return out;
}

export function reconcilerDef(obj: KrmObject, origins?: DefOrigins): ReconcilerDef {
  const spec = (obj.spec ?? {}) as Record<string, any>;
  const o = origins?.get(`Reconciler/${obj.metadata.name}`);
  const def: ReconcilerDef = {
    name: obj.metadata.name ?? '',
    type: spec.type as ReconcilerType,
    code: { ...(spec.code ?? {}) },
    for: resource(spec.for),
    owns: Array.isArray(spec.owns) ? spec.owns.map(resource) : [],
    watches: Array.isArray(spec.watches) ? spec.watches.map(resource) : [],
    object: obj,
    origin: o?.origin ?? { file: `reconcilers.choreo.kform.dev/${obj.metadata.name}` },
    codeFiles: o?.codeFiles ?? {},
  };
  if (typeof spec.conditionType === 'string') def.conditionType = spec.conditionType;
  if (typeof spec.specUpdate === 'boolean') def.specUpdate = spec.specUpdate;
  return def;
}

export function reconcilerDefs(store: ApiStore, origins?: DefOrigins): ReconcilerDef[] {
  return store.list('reconcilers.choreo.kform.dev').map((o) => reconcilerDef(o, origins));
}

export function libraryDefs(store: ApiStore, origins?: DefOrigins): LibraryDef[] {
  return store.list('libraries.choreo.kform.dev').map((obj) => {
    const spec = (obj.spec ?? {}) as Record<string, any>;
    return {
      name: obj.metadata.name ?? '',
      type: String(spec.type ?? ''),
      code: String(spec.code ?? ''),
      object: obj,
      origin: origins?.get(`Library/${obj.metadata.name}`)?.origin ?? { file: `libraries.choreo.kform.dev/${obj.metadata.name}` },
    };
  });
}
