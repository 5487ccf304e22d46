// Snapshot diff (engine.md §7.2): `=` `~` `+` `-` per object, sorted by `<GVK>.<name>`, with an
// optional unified diff of the two YAML renderings. Hashing by reference keeps it linear.
import { createTwoFilesPatch } from 'diff';
import { gvkString, parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { toGoYaml } from '../yaml/go-emit.js';
import { fieldChanges } from './field-diff.js';
import type { DiffItem, DiffOptions, DiffStatus, Snapshot } from './types.js';
import type { IndexedSnapshot } from './indexed-snapshot.js';
import type { IndexEntry } from './snapshot-index.js';

const SYMBOL: Record<DiffStatus, string> = { equal: '=', modified: '~', added: '+', deleted: '-' };

function refOf(o: KrmObject): string {
  return `${o.apiVersion}\u0000${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.metadata.name ?? ''}`;
}

function choreoKinds(s: Pick<Snapshot, 'apiResources'> | null): Set<string> {
  const out = new Set<string>(['apiextensions.k8s.io/v1\u0000CustomResourceDefinition']);
  for (const a of s?.apiResources ?? []) if (a.choreoAPI) out.add(`${a.group ? `${a.group}/` : ''}${a.version}\u0000${a.kind}`);
  for (const k of ['Reconciler', 'Library', 'UpstreamRef', 'ConfigGenerator']) out.add(`choreo.kform.dev/v1alpha1\u0000${k}`);
  return out;
}

function strip(o: KrmObject, keepManaged: boolean): KrmObject {
  if (keepManaged || !o.metadata.managedFields) return o;
  const { managedFields: _m, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

function unified(a: KrmObject | undefined, b: KrmObject | undefined): string {
  const left = a ? toGoYaml(a) : '';
  const right = b ? toGoYaml(b) : '';
  const patch = createTwoFilesPatch('previous', 'latest', left, right, undefined, undefined, { context: 3 });
  const lines = patch.split('\n');
  const start = lines.findIndex((l) => l.startsWith('@@'));
  return start < 0 ? '' : lines.slice(start).join('\n').replace(/\n+$/, '');
}

/** What a diff item names: an object's identity. */
interface Identity {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

function identityOf(o: KrmObject): Identity {
  return { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '' };
}

type SortableItem = DiffItem & { sortKey: string };

/** One item; the diff text and field changes (details) from `a` (before) and `b` (after), stripped as compared. */
function makeItem(id: Identity, status: DiffStatus, opts: DiffOptions, a?: KrmObject, b?: KrmObject): SortableItem {
  const { group, version } = parseApiVersion(id.apiVersion);
  const it: SortableItem = {
    group,
    version,
    kind: id.kind,
    name: id.name,
    status,
    symbol: SYMBOL[status],
    sortKey: `${gvkString({ group, version, kind: id.kind })}.${id.name}\u0000${id.namespace}`,
  };
  if (id.namespace) it.namespace = id.namespace;
  if (opts.details && status !== 'equal') {
    it.diff = unified(a, b);
    it.changes = fieldChanges(a, b);
  }
  return it;
}

function sorted(items: SortableItem[]): DiffItem[] {
  items.sort((x, y) => (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : 0));
  return items.map(({ sortKey: _s, ...it }) => it);
}

/** Compares `prev` (null = empty) with `next`. */
export function diffSnapshots(prev: Pick<Snapshot, 'objects' | 'apiResources'> | null, next: Pick<Snapshot, 'objects' | 'apiResources'>, opts: DiffOptions = {}): DiffItem[] {
  const choreo = new Set([...choreoKinds(prev), ...choreoKinds(next)]);
  const visible = (o: KrmObject) => opts.includeChoreoApis || !choreo.has(`${o.apiVersion}\u0000${o.kind}`);
  const keep = !!opts.keepManagedFields;
  const before = new Map<string, KrmObject>();
  for (const o of prev?.objects ?? []) if (visible(o)) before.set(refOf(o), o);
  const items: SortableItem[] = [];
  for (const o of next.objects) {
    if (!visible(o)) continue;
    const k = refOf(o);
    const old = before.get(k);
    const b = strip(o, keep);
    if (!old) items.push(makeItem(identityOf(o), 'added', opts, undefined, b));
    else {
      before.delete(k);
      const a = strip(old, keep);
      items.push(deepEqual(a, b) ? makeItem(identityOf(o), 'equal', opts) : makeItem(identityOf(o), 'modified', opts, a, b));
    }
  }
  for (const old of before.values()) items.push(makeItem(identityOf(old), 'deleted', opts, strip(old, keep), undefined));
  return sorted(items);
}

/**
 * diffSnapshots on two snapshots seen through their indexes (indexed-snapshot.ts), with the same result: an
 * object whose line hash is unchanged is equal without being parsed; only the others (and, with details, the
 * added and deleted ones) are read from the snapshots and compared.
 */
export async function diffIndexedSnapshots(prev: IndexedSnapshot | null, next: IndexedSnapshot, opts: DiffOptions = {}): Promise<DiffItem[]> {
  const choreo = new Set([...choreoKinds(prev), ...choreoKinds(next)]);
  const visible = (e: IndexEntry) => opts.includeChoreoApis || !choreo.has(`${e.apiVersion}\u0000${e.kind}`);
  const keep = !!opts.keepManagedFields;
  const ref = (e: IndexEntry) => `${e.apiVersion}\u0000${e.kind}\u0000${e.namespace}\u0000${e.name}`;
  const before = new Map<string, number>();
  prev?.entries.forEach((e, i) => {
    if (visible(e)) before.set(ref(e), i);
  });
  // Decided without parsing: added (no details), equal; the rest waits for its objects.
  type Pending = { status: 'added' | 'deleted' | 'compare'; id: Identity; prevAt?: number; nextAt?: number };
  const slots: (SortableItem | Pending)[] = [];
  const needPrev: number[] = [];
  const needNext: number[] = [];
  next.entries.forEach((e, i) => {
    if (!visible(e)) return;
    const k = ref(e);
    const old = before.get(k);
    if (old === undefined) {
      if (opts.details) needNext.push(i);
      slots.push(opts.details ? { status: 'added', id: e, nextAt: i } : makeItem(e, 'added', opts));
      return;
    }
    before.delete(k);
    if (prev!.entries[old]!.hash === e.hash) slots.push(makeItem(e, 'equal', opts));
    else {
      needPrev.push(old);
      needNext.push(i);
      slots.push({ status: 'compare', id: e, prevAt: old, nextAt: i });
    }
  });
  for (const i of before.values()) {
    const e = prev!.entries[i]!;
    if (opts.details) needPrev.push(i);
    slots.push(opts.details ? { status: 'deleted', id: e, prevAt: i } : makeItem(e, 'deleted', opts));
  }
  const [a, b] = await Promise.all([prev ? prev.objectsAt(needPrev) : new Map<number, KrmObject>(), next.objectsAt(needNext)]);
  const items = slots.map((s): SortableItem => {
    if ('symbol' in s) return s;
    const before = s.prevAt !== undefined ? strip(a.get(s.prevAt)!, keep) : undefined;
    const after = s.nextAt !== undefined ? strip(b.get(s.nextAt)!, keep) : undefined;
    if (s.status !== 'compare') return makeItem(s.id, s.status, opts, before, after);
    return deepEqual(before, after) ? makeItem(s.id, 'equal', opts) : makeItem(s.id, 'modified', opts, before, after);
  });
  return sorted(items);
}

/** The `run diff` text: one line per item; with details the diff text follows, then a blank line. */
export function formatDiff(items: DiffItem[], opts: { details?: boolean } = {}): string {
  const out: string[] = [];
  for (const it of items) {
    out.push(`${it.symbol} ${gvkString(it)} ${it.name}`);
    if (opts.details && it.diff) {
      out.push(it.diff, '');
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}
