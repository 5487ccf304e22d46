// The snapshot diff through two snapshots' indexes (`run diff`; ./indexed-snapshot.ts): the same items as
// diffSnapshots (./diff.ts) on the whole snapshots, parsing only the objects whose lines differ. It works on
// the indexes' columns as read (no object per entry) and makes one item per object, in sorted order, at the end.
import { gvkString, parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { choreoKinds, strip, SYMBOL } from './diff-items.js';
import type { IndexedSnapshot } from './indexed-snapshot.js';
import type { DiffItem, DiffOptions, DiffStatus } from './types.js';

/** What every item of one kind shares, worked out once per kind (a snapshot holds few kinds, many objects). */
interface KindInfo {
  apiVersion: string;
  kind: string;
  visible: boolean;
  group: string;
  version: string;
  /** Place of the kind in the items' order (by `<gvkString>.`, the start of diffSnapshots' sort keys). */
  rank: number;
}

/** The KindInfo of each kind of both snapshots' tables, ranked together. */
function kindInfos(tables: [string, string][][], visible: (apiVersion: string, kind: string) => boolean): KindInfo[][] {
  const byKey = new Map<string, KindInfo & { prefix: string }>();
  const out = tables.map((kinds) =>
    kinds.map(([apiVersion, kind]) => {
      const key = `${apiVersion}\u0000${kind}`;
      let info = byKey.get(key);
      if (!info) {
        const { group, version } = parseApiVersion(apiVersion);
        info = { apiVersion, kind, visible: visible(apiVersion, kind), group, version, rank: 0, prefix: `${gvkString({ group, version, kind })}.` };
        byKey.set(key, info);
      }
      return info;
    }),
  );
  // Kind texts end in '.', which no kind name holds, so no prefix starts another: ordering the prefixes, then
  // names, then namespaces is ordering the sort keys `<prefix><name>\0<namespace>`.
  const ranked = [...byKey.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  ranked.forEach((k, i) => (k.rank = i));
  return out;
}

/** One item while the diff is worked out: its object's identity, status and where its objects are. */
interface Pending {
  kind: KindInfo;
  namespace: string;
  name: string;
  status: DiffStatus;
  prevAt?: number;
  nextAt?: number;
  /** Decided by the index's verdicts: no objects to read. */
  decided?: boolean;
}

/**
 * diffSnapshots on two snapshots seen through their indexes (indexed-snapshot.ts), with the same result: an
 * object whose line hash is unchanged is equal without being parsed; only the others (and, with details, the
 * added and deleted ones) are read from the snapshots (only the segments that hold them) and compared. Both
 * snapshots list their objects in the store's order, so objects are paired by position while the identities
 * agree, and through a map only from the first place where they do not. The objects are read while the
 * items are sorted.
 */
export async function diffIndexedSnapshots(prev: IndexedSnapshot | null, next: IndexedSnapshot, opts: DiffOptions = {}): Promise<DiffItem[]> {
  const choreo = new Set([...choreoKinds(prev), ...choreoKinds(next)]);
  const [prevKinds, nextKinds] = kindInfos([prev?.kinds ?? [], next.kinds], (apiVersion, kind) => !!opts.includeChoreoApis || !choreo.has(`${apiVersion}\u0000${kind}`)) as [KindInfo[], KindInfo[]];
  const keep = !!opts.keepManagedFields;
  const items: Pending[] = [];
  // the positions whose objects must be read: changed lines, and with details the added and deleted objects
  const needPrev: number[] = [];
  const needNext: number[] = [];
  const prevCount = prev?.count ?? 0;
  const none = new Int32Array(0);
  const prevHashes = prev?.hashes ?? none;
  const nextHashes = next.hashes;
  // When `next` was written with `prev` as its base, its verdicts say which differing lines are equal objects
  // (base-verdicts.ts): without details or managed fields nothing is read.
  const sameAsPrev = prev && !opts.details && !keep && next.verdicts?.base === prev.id ? new Set(next.verdicts.sameAsBase) : undefined;
  const pair = (oldAt: number, at: number, kind: KindInfo) => {
    const a = oldAt * 3;
    const b = at * 3;
    if (prevHashes[a] === nextHashes[b] && prevHashes[a + 1] === nextHashes[b + 1] && prevHashes[a + 2] === nextHashes[b + 2]) items.push({ kind, namespace: next.namespaces[at]!, name: next.names[at]!, status: 'equal' });
    else if (sameAsPrev) items.push({ kind, namespace: next.namespaces[at]!, name: next.names[at]!, status: sameAsPrev.has(at) ? 'equal' : 'modified', decided: true });
    else {
      needPrev.push(oldAt);
      needNext.push(at);
      items.push({ kind, namespace: next.namespaces[at]!, name: next.names[at]!, status: 'modified', prevAt: oldAt, nextAt: at });
    }
  };
  let i = 0;
  for (; i < next.count && i < prevCount; i++) {
    const kind = nextKinds[next.kindOf[i]!]!;
    if (next.names[i] !== prev!.names[i] || next.namespaces[i] !== prev!.namespaces[i] || prevKinds[prev!.kindOf[i]!] !== kind) break;
    if (kind.visible) pair(i, i, kind);
  }
  // From the first difference in identities on: the rest of prev by identity.
  const ref = (kind: KindInfo, namespace: string, name: string) => `${kind.apiVersion}\u0000${kind.kind}\u0000${namespace}\u0000${name}`;
  const before = new Map<string, number>();
  for (let j = i; j < prevCount; j++) {
    const kind = prevKinds[prev!.kindOf[j]!]!;
    if (kind.visible) before.set(ref(kind, prev!.namespaces[j]!, prev!.names[j]!), j);
  }
  for (; i < next.count; i++) {
    const kind = nextKinds[next.kindOf[i]!]!;
    if (!kind.visible) continue;
    const key = ref(kind, next.namespaces[i]!, next.names[i]!);
    const old = before.get(key);
    if (old === undefined) {
      items.push({ kind, namespace: next.namespaces[i]!, name: next.names[i]!, status: 'added', nextAt: i });
      if (opts.details) needNext.push(i);
      continue;
    }
    before.delete(key);
    pair(old, i, kind);
  }
  for (const j of before.values()) {
    items.push({ kind: prevKinds[prev!.kindOf[j]!]!, namespace: prev!.namespaces[j]!, name: prev!.names[j]!, status: 'deleted', prevAt: j });
    if (opts.details) needPrev.push(j);
  }
  // the objects are read (and inflated) while the items are sorted
  const objects = Promise.all([
    prev && needPrev.length ? prev.objectsAt(needPrev) : new Map<number, KrmObject>(),
    needNext.length ? next.objectsAt(needNext) : new Map<number, KrmObject>(),
    opts.details ? import('./diff-details.js').then((m) => m.details) : undefined,
  ]);
  items.sort((x, y) => x.kind.rank - y.kind.rank || (x.name < y.name ? -1 : x.name > y.name ? 1 : x.namespace < y.namespace ? -1 : x.namespace > y.namespace ? 1 : 0));
  const [a, b, detailsOf] = await objects;
  return items.map((p) => {
    const it: DiffItem = { group: p.kind.group, version: p.kind.version, kind: p.kind.kind, name: p.name, status: p.status, symbol: SYMBOL[p.status] };
    if (p.namespace) it.namespace = p.namespace;
    if (p.status === 'equal' || p.decided || (!detailsOf && p.status !== 'modified')) return it;
    const before = p.prevAt !== undefined ? strip(a.get(p.prevAt)!, keep) : undefined;
    const after = p.nextAt !== undefined ? strip(b.get(p.nextAt)!, keep) : undefined;
    // different lines, the same object (keys in another order, or only managed fields changed)
    if (p.status === 'modified' && deepEqual(before, after)) {
      it.status = 'equal';
      it.symbol = SYMBOL.equal;
    } else if (detailsOf) Object.assign(it, detailsOf(before, after));
    return it;
  });
}
