// The snapshot diff through two snapshots' indexes (`run diff`; ./indexed-snapshot.ts): the same items as
// diffSnapshots (./diff.ts) on the whole snapshots, parsing only the objects whose lines differ.
import { gvkString, parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { choreoKinds, strip, SYMBOL } from './diff-items.js';
import type { IndexedSnapshot } from './indexed-snapshot.js';
import type { IndexEntry } from './snapshot-index.js';
import type { DiffItem, DiffOptions, DiffStatus } from './types.js';

/** What every item of one kind shares, worked out once per kind (a snapshot holds few kinds, many objects). */
interface KindInfo {
  visible: boolean;
  group: string;
  version: string;
  /** `<gvkString>.`, the start of the items' sort keys. */
  sortPrefix: string;
}

/** The KindInfo of index entries, remembered for the kind of the previous call (entries come kind by kind). */
function kindInfos(visible: (apiVersion: string, kind: string) => boolean): (e: IndexEntry) => KindInfo {
  const known = new Map<string, KindInfo>();
  let last: { apiVersion: string; kind: string; info: KindInfo } | undefined;
  return (e) => {
    if (last && last.apiVersion === e.apiVersion && last.kind === e.kind) return last.info;
    const key = `${e.apiVersion}\u0000${e.kind}`;
    let info = known.get(key);
    if (!info) {
      const { group, version } = parseApiVersion(e.apiVersion);
      info = { visible: visible(e.apiVersion, e.kind), group, version, sortPrefix: `${gvkString({ group, version, kind: e.kind })}.` };
      known.set(key, info);
    }
    last = { apiVersion: e.apiVersion, kind: e.kind, info };
    return info;
  };
}

function sameIdentity(a: IndexEntry, b: IndexEntry): boolean {
  return a.name === b.name && a.namespace === b.namespace && a.kind === b.kind && a.apiVersion === b.apiVersion;
}

/**
 * diffSnapshots on two snapshots seen through their indexes (indexed-snapshot.ts), with the same result: an
 * object whose line hash is unchanged is equal without being parsed; only the others (and, with details, the
 * added and deleted ones) are read from the snapshots (only the segments that hold them) and compared. Both
 * snapshots list their objects in the store's order, so objects are paired by position while the identities
 * agree, and through a map only from the first place where they do not; items are sorted once, by keys built
 * once.
 */
export async function diffIndexedSnapshots(prev: IndexedSnapshot | null, next: IndexedSnapshot, opts: DiffOptions = {}): Promise<DiffItem[]> {
  const choreo = new Set([...choreoKinds(prev), ...choreoKinds(next)]);
  const info = kindInfos((apiVersion, kind) => !!opts.includeChoreoApis || !choreo.has(`${apiVersion}\u0000${kind}`));
  const keep = !!opts.keepManagedFields;
  const items: DiffItem[] = [];
  const sortKeys: string[] = [];
  const add = (e: IndexEntry, k: KindInfo, status: DiffStatus): DiffItem => {
    const it: DiffItem = { group: k.group, version: k.version, kind: e.kind, name: e.name, status, symbol: SYMBOL[status] };
    if (e.namespace) it.namespace = e.namespace;
    items.push(it);
    sortKeys.push(`${k.sortPrefix}${e.name}\u0000${e.namespace}`);
    return it;
  };
  // Items whose status or details wait for their objects: [item, position in prev, position in next].
  const pending: [DiffItem, number | undefined, number | undefined][] = [];
  const needPrev: number[] = [];
  const needNext: number[] = [];
  const pair = (old: number, e: IndexEntry, i: number, k: KindInfo) => {
    if (prev!.entries[old]!.hash === e.hash) add(e, k, 'equal');
    else {
      needPrev.push(old);
      needNext.push(i);
      pending.push([add(e, k, 'modified'), old, i]);
    }
  };
  const prevEntries = prev?.entries ?? [];
  const nextEntries = next.entries;
  let i = 0;
  for (; i < nextEntries.length && i < prevEntries.length && sameIdentity(prevEntries[i]!, nextEntries[i]!); i++) {
    const e = nextEntries[i]!;
    const k = info(e);
    if (k.visible) pair(i, e, i, k);
  }
  // From the first difference in identities on: the rest of prev by identity.
  const ref = (e: IndexEntry) => `${e.apiVersion}\u0000${e.kind}\u0000${e.namespace}\u0000${e.name}`;
  const before = new Map<string, number>();
  for (let j = i; j < prevEntries.length; j++) if (info(prevEntries[j]!).visible) before.set(ref(prevEntries[j]!), j);
  for (; i < nextEntries.length; i++) {
    const e = nextEntries[i]!;
    const k = info(e);
    if (!k.visible) continue;
    const key = ref(e);
    const old = before.get(key);
    if (old === undefined) {
      const it = add(e, k, 'added');
      if (opts.details) {
        needNext.push(i);
        pending.push([it, undefined, i]);
      }
      continue;
    }
    before.delete(key);
    pair(old, e, i, k);
  }
  for (const j of before.values()) {
    const e = prevEntries[j]!;
    const it = add(e, info(e), 'deleted');
    if (opts.details) {
      needPrev.push(j);
      pending.push([it, j, undefined]);
    }
  }
  const [a, b, detailsOf] = await Promise.all([
    prev ? prev.objectsAt(needPrev) : new Map<number, KrmObject>(),
    next.objectsAt(needNext),
    opts.details ? import('./diff-details.js').then((m) => m.details) : undefined,
  ]);
  for (const [it, prevAt, nextAt] of pending) {
    const before = prevAt !== undefined ? strip(a.get(prevAt)!, keep) : undefined;
    const after = nextAt !== undefined ? strip(b.get(nextAt)!, keep) : undefined;
    // different lines, the same object (keys in another order, or only managed fields changed)
    if (it.status === 'modified' && deepEqual(before, after)) {
      it.status = 'equal';
      it.symbol = SYMBOL.equal;
    } else if (detailsOf) Object.assign(it, detailsOf(before, after));
  }
  const order = items.map((_, n) => n).sort((x, y) => (sortKeys[x]! < sortKeys[y]! ? -1 : sortKeys[x]! > sortKeys[y]! ? 1 : 0));
  return order.map((n) => items[n]!);
}
