// What the backends share around their tables: the Ready condition of indexes and claims, keeping the
// Entry objects of an index equal to its table (kuid's saveAll: apply every entry the table has, with
// field manager `backend`, and delete stored entries the table no longer has), and the claims an index
// makes for itself (kuid's updateIndexClaims).
import { rfc3339, type Condition } from '../../../src-shared/krm/condition.js';
import type { GroupVersionKind, KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { StoreError } from '../store/errors.js';
import type { ApiStore } from '../store/types.js';
import { BACKEND_MANAGER, type RawWrites } from './hooks.js';

/** The Ready condition, keeping the transition time of an existing Ready/True one. */
export function readyConditions(prevStatus: unknown, now: Date): Condition[] {
  const list = (prevStatus as { conditions?: unknown } | undefined)?.conditions;
  const old = (Array.isArray(list) ? list : []).find((c: any) => c?.type === 'Ready' && c.status === 'True');
  return [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: old?.lastTransitionTime ?? rfc3339(now) }];
}

/** Writes the status of a stored object when it differs (Ready plus the allocation fields). */
export function writeStatus(raw: RawWrites, stored: KrmObject, fields: Record<string, unknown>, now: Date): KrmObject {
  const status = { ...fields, conditions: readyConditions(stored.status, now) };
  if (deepEqual(status, stored.status)) return stored;
  return raw.updateStatus({ ...stored, status } as KrmObject).object;
}

export interface EntrySync {
  store: ApiStore;
  raw: RawWrites;
  entries: GroupVersionKind;
  namespace: string;
  index: string;
}

function sameEntry(stored: KrmObject, want: KrmObject): boolean {
  return deepEqual(stored.spec, want.spec) && deepEqual(stored.metadata.ownerReferences, want.metadata.ownerReferences);
}

/** Applies one entry unless the stored one already says the same. */
export function applyEntry(s: EntrySync, want: KrmObject): void {
  const cur = s.store.tryGet(s.entries, s.namespace, want.metadata.name ?? '', { readOnly: true });
  if (cur && sameEntry(cur, want)) return;
  s.raw.apply(want, { fieldManager: BACKEND_MANAGER, force: true, handOver: true });
}

export function deleteEntry(s: EntrySync, name: string): void {
  if (s.store.tryGet(s.entries, s.namespace, name, { readOnly: true })) s.raw.delete(s.entries, s.namespace, name);
}

/** The stored entries of one index (`spec.index`, in the index's namespace). */
export function storedEntries(s: EntrySync): KrmObject[] {
  if (!s.store.api(s.entries)) return [];
  return s.store.list(s.entries, { namespace: s.namespace, readOnly: true }).filter((e) => (e.spec as { index?: unknown } | undefined)?.index === s.index);
}

/**
 * The stored entries of one index in the order Go's store lists them, which is the order kuid's restore
 * walks (from last to first) and so decides which claim gets which dynamic ID after a restart. Choreo's
 * stores keep one file `<name>.yaml` per object and list them with filepath.Walk, which visits file names
 * in byte order (henderiw/store fileu/gitu `visitDir`), so `a-b` comes before `a` ('-' < '.').
 */
export function entriesInRestoreOrder(s: EntrySync): KrmObject[] {
  // object names are ASCII (RFC 1123), where UTF-16 code-unit order is byte order
  const file = (e: KrmObject) => `${e.metadata.name ?? ''}.yaml`;
  return storedEntries(s)
    .map((e) => ({ e, f: file(e) }))
    .sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : 0))
    .map(({ e }) => e);
}

/** Makes the stored entries of an index exactly `want` (name → entry). */
export function syncAllEntries(s: EntrySync, want: Map<string, KrmObject>): void {
  if (!s.store.api(s.entries)) return;
  for (const e of storedEntries(s)) if (!want.has(e.metadata.name ?? '')) s.raw.delete(s.entries, s.namespace, e.metadata.name ?? '');
  for (const w of want.values()) applyEntry(s, w);
}

/**
 * Makes the claims an index owns exactly `wanted` (kuid's updateIndexClaims): each is applied by
 * `backend` (and so goes through the claim hook), and claims the index owns that are no longer wanted
 * are deleted. Returns the errors of the claims that could not be applied.
 */
export function syncIndexClaims(store: ApiStore, claims: GroupVersionKind, index: KrmObject, wanted: KrmObject[]): string[] {
  const ns = index.metadata.namespace ?? '';
  const name = index.metadata.name ?? '';
  const errors: string[] = [];
  for (const c of wanted) {
    try {
      store.apply(c, { fieldManager: BACKEND_MANAGER, force: true });
    } catch (e) {
      errors.push(e instanceof StoreError ? e.desc : (e as Error).message);
    }
  }
  if (!store.api(claims)) return errors;
  const keep = new Set(wanted.map((c) => c.metadata.name ?? ''));
  const ownedByIndex = (c: KrmObject) => (c.metadata.ownerReferences ?? []).some((r) => r.kind === index.kind && r.name === name);
  for (const c of store.list(claims, { namespace: ns, readOnly: true })) {
    if ((c.spec as { index?: unknown } | undefined)?.index !== name || !ownedByIndex(c) || keep.has(c.metadata.name ?? '')) continue;
    store.delete(claims, ns, c.metadata.name ?? '');
  }
  return errors;
}
