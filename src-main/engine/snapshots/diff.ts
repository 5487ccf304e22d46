// Snapshot diff (engine.md §7.2): `=` `~` `+` `-` per object, sorted by `<GVK>.<name>`, with an
// optional unified diff of the two YAML renderings. Hashing by reference keeps it linear.
import { createTwoFilesPatch } from 'diff';
import { gvkString, parseApiVersion, type KrmObject } from '../../../src-shared/krm/object.js';
import { deepEqual } from '../apply/equal.js';
import { toGoYaml } from '../yaml/go-emit.js';
import { fieldChanges } from './field-diff.js';
import type { DiffItem, DiffOptions, DiffStatus, Snapshot } from './types.js';

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

/** Compares `prev` (null = empty) with `next`. */
export function diffSnapshots(prev: Pick<Snapshot, 'objects' | 'apiResources'> | null, next: Pick<Snapshot, 'objects' | 'apiResources'>, opts: DiffOptions = {}): DiffItem[] {
  const choreo = new Set([...choreoKinds(prev), ...choreoKinds(next)]);
  const visible = (o: KrmObject) => opts.includeChoreoApis || !choreo.has(`${o.apiVersion}\u0000${o.kind}`);
  const before = new Map<string, KrmObject>();
  for (const o of prev?.objects ?? []) if (visible(o)) before.set(refOf(o), o);
  const items: (DiffItem & { sortKey: string })[] = [];
  const item = (o: KrmObject, status: DiffStatus, a?: KrmObject, b?: KrmObject) => {
    const { group, version } = parseApiVersion(o.apiVersion);
    const it: DiffItem & { sortKey: string } = {
      group,
      version,
      kind: o.kind,
      name: o.metadata.name ?? '',
      status,
      symbol: SYMBOL[status],
      sortKey: `${gvkString({ group, version, kind: o.kind })}.${o.metadata.name ?? ''}\u0000${o.metadata.namespace ?? ''}`,
    };
    if (o.metadata.namespace) it.namespace = o.metadata.namespace;
    if (opts.details && status !== 'equal') {
      it.diff = unified(a, b);
      it.changes = fieldChanges(a, b);
    }
    items.push(it);
  };
  for (const o of next.objects) {
    if (!visible(o)) continue;
    const k = refOf(o);
    const old = before.get(k);
    const b = strip(o, !!opts.keepManagedFields);
    if (!old) item(o, 'added', undefined, b);
    else {
      before.delete(k);
      const a = strip(old, !!opts.keepManagedFields);
      if (deepEqual(a, b)) item(o, 'equal');
      else item(o, 'modified', a, b);
    }
  }
  for (const old of before.values()) item(old, 'deleted', strip(old, !!opts.keepManagedFields), undefined);
  items.sort((x, y) => (x.sortKey < y.sortKey ? -1 : x.sortKey > y.sortKey ? 1 : 0));
  return items.map(({ sortKey: _s, ...it }) => it);
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
