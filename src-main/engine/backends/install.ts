// Installs the `-r` backends on a store (engine spec §11). The store has no hook mechanism of its own;
// the backends wrap the write methods of this one store instance (apply/create/update/delete) so every
// writer — loader, reconcilers, garbage collection, the prod runner — goes through them, while the
// store class, its reads and `instanceof` checks stay untouched. Dry-run applies only check (the prod
// runner validates input that way); other dry runs pass straight through.
import { parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import type { LoadOptions, ProjectSources } from '../loader/types.js';
import type { ApiRef, ApiStore, ApplyOptions, DeleteOptions, WriteOptions } from '../store/types.js';
import { backendCrds, ID_POOLS } from './crds.js';
import type { Backend, RawWrites } from './hooks.js';
import { IdPoolBackend } from './idpool/backend.js';
import { IpamBackend } from './ipam/backend.js';
import { generationOf, HEAD_GENERATION, type BackendGeneration, type BackendRestore } from './generation.js';

export interface InstalledBackends {
  ipam: IpamBackend;
  idPools: IdPoolBackend[];
  /**
   * The API groups whose writes go through a backend: a write there has effects outside the store (the
   * backend's tables), so the reconcile memo never remembers a reconcile that made one (reconcile-memo.ts).
   */
  groups: ReadonlySet<string>;
  /** Restores the store's own write methods. */
  uninstall(): void;
}

/** Where a store carries its installed backends (a global symbol: reconcile-memo.ts reads it without importing this). */
const INSTALLED = Symbol.for('choreo.backends');

export function installBackends(store: ApiStore, generation: BackendGeneration = HEAD_GENERATION, restore: BackendRestore = 'keep'): InstalledBackends {
  const s = store as ApiStore & { [INSTALLED]?: InstalledBackends };
  if (s[INSTALLED]) return s[INSTALLED]!;
  const raw: RawWrites = {
    apply: store.apply.bind(store),
    create: store.create.bind(store),
    update: store.update.bind(store),
    updateStatus: store.updateStatus.bind(store),
    delete: store.delete.bind(store),
  };
  const ipam = new IpamBackend(store, raw, generation);
  const idPools = ID_POOLS.map((k) => new IdPoolBackend(store, raw, k, generation, restore));
  // A persisted store brings its indexes along: their tables are rebuilt now, at process start.
  ipam.restoreStored();
  for (const p of idPools) p.restoreStored();
  const byGroup = new Map<string, Backend>([[ipam.group, ipam], ...idPools.map((b) => [b.group, b] as [string, Backend])]);

  const backendOf = (obj: KrmObject): Backend | undefined => {
    if (!obj || typeof obj.apiVersion !== 'string') return undefined;
    return byGroup.get(parseApiVersion(obj.apiVersion).group);
  };
  const own = store as { -readonly [K in keyof RawWrites]: RawWrites[K] };
  own.apply = (obj: KrmObject, opts: ApplyOptions) => {
    const b = backendOf(obj);
    if (b?.check && opts?.dryRun) return b.check(obj.kind, (dryRun) => raw.apply(obj, { ...opts, dryRun }));
    if (!b || opts?.dryRun) return raw.apply(obj, opts);
    return b.write(obj.kind, (dryRun) => raw.apply(obj, { ...opts, dryRun }));
  };
  own.create = (obj: KrmObject, opts?: WriteOptions) => {
    const b = backendOf(obj);
    if (!b || opts?.dryRun) return raw.create(obj, opts);
    return b.write(obj.kind, (dryRun) => raw.create(obj, { ...opts, dryRun }));
  };
  own.update = (obj: KrmObject, opts?: WriteOptions) => {
    const b = backendOf(obj);
    if (!b || opts?.dryRun) return raw.update(obj, opts);
    return b.write(obj.kind, (dryRun) => raw.update(obj, { ...opts, dryRun }));
  };
  own.delete = (api: ApiRef, namespace: string, name: string, opts?: DeleteOptions) => {
    const r = raw.delete(api, namespace, name, opts);
    if (!opts?.dryRun && r.deleted) {
      const reg = store.api(api);
      const b = reg ? byGroup.get(reg.group) : undefined;
      b?.deleted(reg!.kind, r.object);
    }
    return r;
  };
  const installed: InstalledBackends = {
    ipam,
    idPools,
    groups: new Set(byGroup.keys()),
    uninstall() {
      for (const k of ['apply', 'create', 'update', 'delete'] as const) delete (own as Partial<RawWrites>)[k];
      delete s[INSTALLED];
    },
  };
  s[INSTALLED] = installed;
  return installed;
}

/**
 * Load options that enable the backends (`-r`): their APIs are registered first (internal APIs win
 * over project CRDs) and the hooks are installed before any data is applied, both as the Choreo
 * generation the project was written for (generation.ts).
 */
export function withInternalReconcilers<T extends LoadOptions>(load: T | undefined, restore: BackendRestore = 'keep'): T {
  const base = (load ?? {}) as T;
  const prev = base.prepareStore;
  const prevApis = base.internalApis;
  return {
    ...base,
    internalApis: (root: ProjectSources) => [...(typeof prevApis === 'function' ? prevApis(root) : (prevApis ?? [])), ...backendCrds(generationOf(root))],
    prepareStore: (store: ApiStore, root) => {
      prev?.(store, root);
      installBackends(store, generationOf(root), restore);
    },
  };
}
