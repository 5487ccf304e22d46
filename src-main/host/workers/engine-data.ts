// Pure data shaping for the engine channels: diff rows with condition changes, the two YAML sides of one
// object (noise hidden), the owner tree as flat nodes with Ready status, and condition rows of the live
// view. Used by the engine worker (snapshots) and by the host itself (the live prod store).
import type { ConditionRow, DepsNode, DiffCounts, DiffRow, ResourceRow, ResourcesList } from '../../../src-shared/ipc/channels/engine.js';
import { getConditions, parseApiVersion, type KrmObject } from '../../../src-shared/krm/index.js';
import { isResourceFilterEmpty, matchesResource, type ResourceFilter } from '../../../src-shared/run/resource-filter.js';
import { buildDeps, choreoKindSet, deepEqual, diffSnapshots, toYaml, type Snapshot } from '../../engine/index.js';

// The runner thread loads this module only when a view needs it, and takes these two engine helpers from here
// (a dynamic import of the engine entry would load the whole engine).
export { choreoKindSet, toYaml };

/** `apiVersion|kind|namespace|name`: the key every engine channel uses for an object. */
export function objectKey(o: Pick<KrmObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;
}

export function splitKey(key: string): { apiVersion: string; kind: string; namespace: string; name: string } {
  const [apiVersion = '', kind = '', namespace = '', name = ''] = key.split('|');
  return { apiVersion, kind, namespace, name };
}

export type SnapshotLike = Pick<Snapshot, 'objects' | 'apiResources'>;

/** An object index of a snapshot, built once per snapshot. */
export function indexObjects(objects: KrmObject[]): Map<string, KrmObject> {
  const m = new Map<string, KrmObject>();
  for (const o of objects) m.set(objectKey(o), o);
  return m;
}

export function emptyCounts(): DiffCounts {
  return { added: 0, modified: 0, deleted: 0, equal: 0 };
}

/** The diff of two snapshots as rows for the object list, with counts and condition changes. */
export function diffRows(
  from: SnapshotLike,
  to: SnapshotLike,
  fromIndex: Map<string, KrmObject>,
  toIndex: Map<string, KrmObject>,
  opts: { includeChoreoApis?: boolean } = {},
): { items: DiffRow[]; counts: DiffCounts } {
  const items = diffSnapshots(from, to, { includeChoreoApis: !!opts.includeChoreoApis });
  const counts = emptyCounts();
  const rows: DiffRow[] = items.map((it) => {
    const apiVersion = it.group ? `${it.group}/${it.version}` : it.version;
    const key = `${apiVersion}|${it.kind}|${it.namespace ?? ''}|${it.name}`;
    counts[it.status]++;
    let conditionsChanged = false;
    if (it.status === 'modified') {
      const a = fromIndex.get(key);
      const b = toIndex.get(key);
      conditionsChanged = !!a && !!b && !deepEqual(conditionsOf(a), conditionsOf(b));
    } else if (it.status !== 'equal') {
      const o = (it.status === 'added' ? toIndex : fromIndex).get(key);
      conditionsChanged = !!o && getConditions(o).length > 0;
    }
    return { key, apiVersion, kind: it.kind, namespace: it.namespace ?? '', name: it.name, status: it.status, conditionsChanged };
  });
  return { items: rows, counts };
}

function conditionsOf(o: KrmObject): unknown {
  // lastTransitionTime alone moving is not a change a user cares about
  return getConditions(o).map(({ lastTransitionTime: _t, ...c }) => c);
}

/** Metadata and status fields that change on every write and hide the real change in a diff. */
export function stripNoise(o: KrmObject): KrmObject {
  const c = structuredClone(o) as KrmObject;
  const m = c.metadata as Record<string, unknown>;
  for (const f of ['managedFields', 'resourceVersion', 'generation', 'uid', 'creationTimestamp']) delete m[f];
  const status = c.status as Record<string, unknown> | undefined;
  if (status && Array.isArray(status.conditions)) {
    status.conditions = (status.conditions as Record<string, unknown>[]).map(({ lastTransitionTime: _t, observedGeneration: _g, ...rest }) => rest);
  }
  return c;
}

/** Left/right YAML of one object, and the right-side lines of its conditions block that changed. */
export function objectPair(a: KrmObject | undefined, b: KrmObject | undefined, hideNoise: boolean): { left: string; right: string; conditionLines: number[] } {
  const render = (o: KrmObject | undefined) => (o ? toYaml(hideNoise ? stripNoise(o) : o) : '');
  const left = render(a);
  const right = render(b);
  return { left, right, conditionLines: changedConditionLines(left, right) };
}

/** 1-based lines of `right` inside `conditions:` that do not appear in the left conditions block. */
export function changedConditionLines(left: string, right: string): number[] {
  const block = (text: string) => {
    const lines = text.split('\n');
    const out: { line: number; text: string }[] = [];
    let indent = -1;
    lines.forEach((l, i) => {
      const trimmed = l.trimStart();
      const ind = l.length - trimmed.length;
      if (indent < 0) {
        if (trimmed === 'conditions:') indent = ind;
        return;
      }
      if (trimmed && ind <= indent && !trimmed.startsWith('- ')) {
        indent = -2; // block ended; ignore anything later
        return;
      }
      if (indent >= 0) out.push({ line: i + 1, text: l });
    });
    return out;
  };
  const before = new Set(block(left).map((x) => x.text));
  return block(right)
    .filter((x) => !before.has(x.text))
    .map((x) => x.line);
}

/** Owner tree as flat nodes (children by index) with the Ready status of each, plus counts per kind. */
export function depsTree(snap: SnapshotLike, opts: { includeChoreoApis?: boolean } = {}): { nodes: DepsNode[]; roots: number[]; kindCounts: Record<string, number> } {
  const index = indexObjects(snap.objects);
  const roots = buildDeps({ objects: snap.objects, choreoKinds: choreoKindSet(snap.apiResources) }, { includeChoreoApis: !!opts.includeChoreoApis });
  const nodes: DepsNode[] = [];
  const kindCounts: Record<string, number> = {};
  type Nested = (typeof roots)[number];
  const add = (n: Nested): number => {
    const key = `${n.apiVersion}|${n.kind}|${n.namespace}|${n.name}`;
    const obj = index.get(key);
    const ready = obj ? (getConditions(obj).find((c) => c.type === 'Ready')?.status ?? '') : '';
    const i = nodes.length;
    nodes.push({ key, apiVersion: n.apiVersion, kind: n.kind, namespace: n.namespace, name: n.name, ready, children: [] });
    kindCounts[n.kind] = (kindCounts[n.kind] ?? 0) + 1;
    nodes[i]!.children = n.children.map(add);
    return i;
  };
  const rootIdx = roots.map(add);
  return { nodes, roots: rootIdx, kindCounts };
}

/**
 * The Resources view's rows of a snapshot: every user object (not CRDs, reconcilers, libraries…) with its
 * Ready condition, its controlling owner and how it changed against the snapshot before (`changes`: the
 * diff's status by key, absent for the first snapshot). Objects the previous snapshot had and this one
 * does not come last as `deleted` rows. Sorted by kind, namespace, name (natural order).
 */
export function resourceRows(snap: SnapshotLike, changes: ReadonlyMap<string, DiffRow['status']> | undefined, previous?: Map<string, KrmObject>): ResourceRow[] {
  const choreo = choreoKindSet(snap.apiResources);
  const rows: ResourceRow[] = [];
  const row = (o: KrmObject, change: ResourceRow['change']): ResourceRow => {
    const readyCond = getConditions(o).find((c) => c?.type === 'Ready');
    const refs = o.metadata.ownerReferences ?? [];
    const ref = refs.find((r) => r.controller) ?? refs[0];
    const namespace = o.metadata.namespace ?? '';
    return {
      key: objectKey(o),
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace,
      name: o.metadata.name ?? '',
      ready: readyCond ? String(readyCond.status ?? 'Unknown') : '',
      readyReason: readyCond ? String(readyCond.reason ?? '') : '',
      readyMessage: readyCond ? String(readyCond.message ?? '') : '',
      owner: ref ? { key: `${ref.apiVersion}|${ref.kind}|${namespace}|${ref.name}`, kind: ref.kind, name: ref.name } : null,
      change,
    };
  };
  for (const o of snap.objects) {
    if (!isUserObject(o, choreo)) continue;
    const status = changes?.get(objectKey(o));
    rows.push(row(o, !changes ? 'unchanged' : status === 'added' ? 'added' : status === 'modified' ? 'modified' : 'unchanged'));
  }
  const cmp = new Intl.Collator(undefined, { numeric: true }).compare;
  const order = (a: ResourceRow, b: ResourceRow) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
  rows.sort(order);
  if (changes && previous) {
    const gone: ResourceRow[] = [];
    for (const [key, status] of changes) {
      const o = status === 'deleted' ? previous.get(key) : undefined;
      if (o && isUserObject(o, choreo)) gone.push(row(o, 'deleted'));
    }
    rows.push(...gone.sort(order));
  }
  return rows;
}

/** The list response for a snapshot's rows: counts over all rows, the filtered rows up to `limit`. */
export function resourcesList(
  rows: ResourceRow[],
  meta: Pick<ResourcesList, 'snapshot' | 'previous'>,
  filter: ResourceFilter,
  limit: number,
): ResourcesList {
  const kinds: Record<string, number> = {};
  const changes = { added: 0, modified: 0, deleted: 0 };
  let total = 0;
  for (const r of rows) {
    if (r.change !== 'deleted') {
      total++;
      kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    }
    if (r.change !== 'unchanged') changes[r.change]++;
  }
  const matched = isResourceFilterEmpty(filter) ? rows : rows.filter((r) => matchesResource(r, filter));
  return { ...meta, total, kinds, changes, rows: matched.slice(0, limit), matched: matched.length, truncated: matched.length > limit };
}

/** One condition-view row for an object (every object gets a row, with or without conditions). */
export function conditionRow(o: KrmObject): ConditionRow {
  const conditions: ConditionRow['conditions'] = {};
  for (const c of getConditions(o)) {
    if (!c || typeof c.type !== 'string') continue;
    conditions[c.type] = { status: String(c.status ?? 'Unknown'), reason: String(c.reason ?? ''), message: String(c.message ?? ''), lastTransitionTime: String(c.lastTransitionTime ?? '') };
  }
  return { key: objectKey(o), apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name ?? '', conditions };
}

/** Whether an object belongs to the user's data (not a CRD, Reconciler, Library …). */
export function isUserObject(o: Pick<KrmObject, 'apiVersion' | 'kind'>, choreoKinds: Set<string>): boolean {
  return !choreoKinds.has(`${o.apiVersion}\u0000${o.kind}`);
}

export { parseApiVersion };
