// The full load of a project before a run (engine.md §1.5, §1.6, §7.4): register APIs, apply CRD
// objects, upstream refs and input data with field manager `inputfileloader`, clean objects whose
// files are gone, collect garbage, and check every reconciler's kinds. Any error → one LoadError
// listing every problem with its file:line; the store is then not saved (callers discard it).
import path from 'node:path';
import {
  apiVersionOf,
  gvkString,
  isObject,
  ORIGIN_ANNOTATION,
  ORIGIN_FILE,
  parseApiVersion,
  type KrmObject,
} from '../../../src-shared/krm/object.js';
import { openApiStore } from '../store/open.js';
import { MemoryApiStore } from '../store/store.js';
import type { ApiStore, RegisteredApi } from '../store/types.js';
import { libraryDefs, reconcilerDefs, type DefOrigins } from './defs.js';
import { checkSchema } from '../schema/check-schema.js';
import { loadSchemaLibraries, schemaLibrariesFor } from '../schema/schema-libraries.js';
import { crdVersions } from '../store/versions.js';
import { LoadError } from './errors.js';
import { anyOwnerReferences, collectGarbage, ownerCycleText, storedObjects, storeOwnerGraph } from './gc.js';
import type { InventoryNode } from '../snapshots/inventory.js';
import { readProjectSources } from './sources.js';
import { diskFs } from './source-fs.js';
import { INPUT_FIELD_MANAGER, type Diagnostic, type LoadedObject, type LoadedProject, type LoadOptions, type ProjectSources, type SourceLocation } from './types.js';
import { CHOREO_PATHS } from '../../../src-shared/project/choreo-dir.js';
import { phase } from '../runner/phase-times.js';

export { INPUT_FIELD_MANAGER } from './types.js';
const SUPPORTED_TYPES = new Set(['starlark', 'gotemplate', 'jinjatemplate']);

interface Package {
  /** '' for the root */
  name: string;
  origin: string;
  sources: ProjectSources;
}

function prefixed(pkg: Package, where: SourceLocation): SourceLocation {
  return pkg.name === '' ? where : { ...where, file: `${pkg.name}:${where.file}` };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function withOrigin(obj: KrmObject, origin: string): KrmObject {
  return { ...obj, metadata: { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [ORIGIN_ANNOTATION]: origin } } };
}

/** An object's identity across the served versions of its kind (group, kind, namespace, name). */
function identity(obj: KrmObject): string {
  return `${parseApiVersion(obj.apiVersion).group}\u0000${obj.kind}\u0000${obj.metadata.namespace ?? ''}\u0000${obj.metadata.name ?? ''}`;
}

/** Checks a CRD object before registration: one storage version, a schema for every served version. */
function crdProblem(crd: KrmObject): string | undefined {
  const name = crd.metadata.name ?? '';
  const spec = crd.spec as Record<string, any> | undefined;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return `invalid crd ${name}, spec is required`;
  const { versions, problems } = crdVersions(name, spec);
  if (!versions) return problems.join('; ');
  if (!spec.group || !spec.names?.kind || !spec.names?.plural) return `invalid crd ${name}, spec.group, spec.names.kind and spec.names.plural are required`;
  for (const v of versions.served) {
    if (!isObject(v.schema)) return `invalid crd ${name}, version ${v.name} has no schema.openAPIV3Schema`;
    const bad = checkSchema(v.schema);
    if (bad.length > 0) return `invalid crd ${name}, version ${v.name}: ${bad.join('; ')}`;
  }
  return undefined;
}

/** An API's kind across its versions: internal APIs win over project CRDs of the same group and kind. */
function groupKind(group: string, kind: string): string {
  return `${group}/${kind}`;
}

export async function loadProject(dirArg: string, opts: LoadOptions = {}): Promise<LoadedProject> {
  const dir = path.resolve(dirArg);
  phase('load.parse');
  const root = await readProjectSources(opts.sources ?? diskFs(dir), { noDevParse: opts.noDevParse, folders: opts.folders });
  const packages: Package[] = [{ name: '', origin: ORIGIN_FILE, sources: root }];
  for (const c of opts.children ?? []) packages.push({ name: c.name, origin: c.origin, sources: c.sources });

  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const p of packages) {
    for (const d of p.sources.diagnostics) (d.severity === 'error' ? errors : warnings).push({ ...d, where: d.where && prefixed(p, d.where) });
  }
  if (errors.length > 0) throw new LoadError(errors);
  // re2js and cel-js only when the CRDs have patterns or rules: most projects have neither.
  await loadSchemaLibraries(schemaLibrariesFor(packages.flatMap((p) => p.sources.crds.map((c) => c.object))));

  phase('load.open-db');
  const store: ApiStore = opts.store ?? (await openApiStore(path.join(dir, CHOREO_PATHS.db), { clock: opts.clock, newUid: opts.newUid }));
  const internal = new Set<string>();
  for (const crd of typeof opts.internalApis === 'function' ? opts.internalApis(root) : (opts.internalApis ?? [])) {
    const api = store.registerApi(crd);
    internal.add(groupKind(api.group, api.kind));
  }
  opts.prepareStore?.(store, root); // backend hooks (-r) see every write from here on

  phase('load.apply');
  // 1. APIs from crds/ (root and children)
  for (const p of packages) {
    // One definition per API in a package: a second one would silently replace the first.
    const defined = new Map<string, SourceLocation>();
    for (const c of p.sources.crds) {
      const problem = crdProblem(c.object);
      if (problem) {
        errors.push({ severity: 'error', message: problem, where: prefixed(p, c.origin) });
        continue;
      }
      const key = String(c.object.metadata?.name ?? '');
      const first = defined.get(key);
      if (first) {
        const at = `${first.file}${first.line ? `:${first.line}` : ''}`;
        errors.push({ severity: 'error', message: `duplicate crd ${key}: it is already defined at ${at}; keep one definition`, where: prefixed(p, c.origin) });
        continue;
      }
      defined.set(key, prefixed(p, c.origin));
      try {
        const spec = c.object.spec as { group: string; names: { kind: string } };
        if (internal.has(groupKind(spec.group, spec.names.kind))) continue; // internal wins
        store.registerApi(c.object);
      } catch (e) {
        errors.push({ severity: 'error', message: errorText(e), where: prefixed(p, c.origin) });
      }
    }
  }
  if (errors.length > 0) throw new LoadError(errors);

  // 2. Data: CRD objects, refs, sources (reconcilers/libraries), in/ — root first, then children.
  const loaded = new Map<string, Set<string>>(); // origin value → identities applied
  const origins = new Map<string, { origin: SourceLocation; codeFiles?: Record<string, SourceLocation> }>();
  const inputs: LoadedObject[] = [];
  const applyDoc = (p: Package, d: LoadedObject, annotate: boolean) => {
    const obj = annotate ? withOrigin(d.object, p.origin) : d.object;
    const where = prefixed(p, d.origin);
    try {
      const r = store.apply(obj, { fieldManager: INPUT_FIELD_MANAGER });
      if (annotate) {
        let s = loaded.get(p.origin);
        if (!s) loaded.set(p.origin, (s = new Set()));
        // the stored identity: a namespace written on a cluster-scoped kind is dropped by the store
        s.add(identity(r.object));
      }
      if (obj.apiVersion === 'choreo.kform.dev/v1alpha1' && (obj.kind === 'Reconciler' || obj.kind === 'Library')) {
        origins.set(`${obj.kind}/${obj.metadata.name}`, { origin: where, codeFiles: d.codeFiles && Object.fromEntries(Object.entries(d.codeFiles).map(([k, v]) => [k, prefixed(p, v)])) });
      }
      inputs.push({ ...d, origin: where });
    } catch (e) {
      const what = `${obj.kind ?? '?'} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name ?? '?'}`;
      errors.push({ severity: 'error', message: `cannot load ${what}: ${errorText(e)}`, where });
    }
  };
  for (const p of packages) {
    for (const c of p.sources.crds) applyDoc(p, c, true);
    // every package's refs, without origin annotation, as upstream's UpstreamLoader applies them
    for (const r of p.sources.upstreamRefs) applyDoc(p, { object: r.object, origin: r.origin, docIndex: 0 }, false);
    for (const d of [...p.sources.libraries, ...p.sources.reconcilers, ...p.sources.inputs]) applyDoc(p, d, true);
  }
  if (errors.length > 0) throw new LoadError(errors, 'input');

  phase('load.clean-gc');
  // 3. Clean: objects loaded from files earlier whose documents are gone (engine.md §1.5 step 3;
  // we also clean Reconciler/Library objects, as the spec recommends). Skipped with keepStoredInput: a runner
  // taking over a shared store keeps what the leader before it accepted.
  const deleted: KrmObject[] = [];
  const originValues = new Set(packages.map((p) => p.origin));
  // Read-only views of the stored objects (no copies: 100,000 objects must stay cheap).
  const stored = (api: RegisteredApi): KrmObject[] => storedObjects(store, api);
  for (const api of opts.keepStoredInput ? [] : store.apis()) {
    if (internal.has(groupKind(api.group, api.kind))) continue;
    for (const o of stored(api)) {
      const origin = o.metadata.annotations?.[ORIGIN_ANNOTATION];
      if (origin === undefined || !originValues.has(origin)) continue;
      if (!(o.metadata.managedFields ?? []).some((m) => m.manager === INPUT_FIELD_MANAGER)) continue;
      if (loaded.get(origin)?.has(identity(o))) continue;
      try {
        const r = store.delete(api, o.metadata.namespace ?? '', o.metadata.name ?? '');
        if (r.deleted) deleted.push(r.object);
      } catch {
        // errors during clean are ignored (engine.md §1.5)
      }
    }
  }

  // An API whose CRD object was just cleaned (its file is gone) is unregistered with its objects.
  if (store instanceof MemoryApiStore) {
    for (const d of [...deleted]) {
      if (d.apiVersion !== 'apiextensions.k8s.io/v1' || d.kind !== 'CustomResourceDefinition') continue;
      const api = store.apis().find((a) => a.crdName === d.metadata.name && !internal.has(groupKind(a.group, a.kind)));
      if (!api || api.choreoAPI) continue;
      deleted.push(...store.unregisterApi(api));
      const versions = new Set(api.servedVersions.map((version) => apiVersionOf({ group: api.group, version })));
      for (const i of inputs) {
        if (versions.has(i.object.apiVersion) && i.object.kind === api.kind) {
          errors.push({ severity: 'error', message: `cannot load ${api.kind} ${i.object.metadata.name}: rpc error: code = Unavailable desc = gvk ${gvkString(api)} not registered (its CRD ${api.crdName} is no longer in crds/)`, where: i.origin });
        }
      }
    }
    if (errors.length > 0) throw new LoadError(errors);
  }

  // 4. Owner cycles and load-time garbage collection (engine.md §7.4), where anything has an owner.
  const graph = anyOwnerReferences(store) ? storeOwnerGraph(store) : new Map<string, InventoryNode>();
  const cycle = ownerCycleText(graph);
  if (cycle) {
    const where = cycle.first ? inputs.find((i) => identity(i.object) === identity(cycle.first!))?.origin : undefined;
    errors.push({ severity: 'error', message: cycle.text, where });
    throw new LoadError(errors);
  }
  const gc = collectGarbage(store, graph);
  deleted.push(...gc.deleted);
  for (const e of gc.errors) errors.push({ severity: 'error', message: e });
  if (errors.length > 0) throw new LoadError(errors);

  phase('load.reconcilers');
  // 5. Reconcilers: every kind they name must be registered; their type must be supported.
  const defOrigins: DefOrigins = { get: (k) => origins.get(k) };
  const reconcilers = reconcilerDefs(store, defOrigins);
  for (const r of reconcilers) {
    const where = r.origin;
    if (!r.type) errors.push({ severity: 'error', message: `reconcilerTypenot specified for ${r.name}`, where });
    else if (!SUPPORTED_TYPES.has(r.type)) errors.push({ severity: 'error', message: `reconcilerType ${r.type} is unsupported`, where });
    for (const res of [r.for, ...r.owns, ...r.watches]) {
      if (!store.api(res)) errors.push({ severity: 'error', message: `reconciler ${r.name} api ${gvkString(res)} of reconciler not available in apigroup`, where });
    }
    // Choreo's (never called) config checks, as warnings: upstream examples violate the first one
    if (r.owns.some((o) => o.selector !== undefined)) warnings.push({ severity: 'warning', message: `reconciler ${r.name} own resource does not expect a selector`, where });
    if (r.watches.some((w) => w.selector === undefined)) warnings.push({ severity: 'warning', message: `reconciler ${r.name} watch resource expects a selector`, where });
    if (r.for.selector === undefined) warnings.push({ severity: 'warning', message: `reconciler ${r.name}: spec.for has no selector, so it matches nothing (write selector: {} to match every object)`, where });
  }
  if (errors.length > 0) throw new LoadError(errors);

  return {
    dir,
    profile: root.profile,
    store,
    apis: store.apis(),
    reconcilers,
    libraries: libraryDefs(store, defOrigins),
    inputs,
    upstreamRefs: root.upstreamRefs,
    diagnostics: warnings,
    deleted,
  };
}
