// Snapshot diff (engine.md §7.2): `=` `~` `+` `-` per object, sorted by `<GVK>.<name>`, with an
// optional unified diff of the two YAML renderings (./diff-details.ts). Hashing by reference keeps it linear.
import { gvkString, parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { details } from './diff-details.js';
import { choreoKinds, strip, SYMBOL } from './diff-items.js';
import type { DiffItem, DiffOptions, DiffStatus, Snapshot } from './types.js';

// The same diff through two snapshots' indexes (`run diff`), and the text form: see those modules.
export { diffIndexedSnapshots } from './indexed-diff.js';
export { formatDiff } from './diff-items.js';

function refOf(o: KrmObject): string {
  return `${o.apiVersion}\u0000${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.metadata.name ?? ''}`;
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
    Object.assign(it, details(a, b));
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
