// What the two snapshot diffs (./diff.ts on whole snapshots, ./indexed-diff.ts through indexes) share: the
// item symbols, which kinds are Choreo's own (hidden unless -i), managed fields stripped for the comparison,
// and the `run diff` text. Small on purpose: `run diff` loads it before it knows whether details are wanted.
import { gvkString, type KrmObject } from '../../../src-shared/krm/object.js';
import type { DiffItem, DiffStatus, Snapshot } from './types.js';

export const SYMBOL: Record<DiffStatus, string> = { equal: '=', modified: '~', added: '+', deleted: '-' };

/** `<apiVersion>\u0000<kind>` of every Choreo kind of either snapshot (its CRDs, reconcilers, libraries, …). */
export function choreoKinds(s: Pick<Snapshot, 'apiResources'> | null): Set<string> {
  const out = new Set<string>(['apiextensions.k8s.io/v1\u0000CustomResourceDefinition']);
  for (const a of s?.apiResources ?? []) if (a.choreoAPI) out.add(`${a.group ? `${a.group}/` : ''}${a.version}\u0000${a.kind}`);
  for (const k of ['Reconciler', 'Library', 'UpstreamRef', 'ConfigGenerator']) out.add(`choreo.kform.dev/v1alpha1\u0000${k}`);
  return out;
}

/** The object as compared: without managedFields unless they are kept (-m). */
export function strip(o: KrmObject, keepManaged: boolean): KrmObject {
  if (keepManaged || !o.metadata.managedFields) return o;
  const { managedFields: _m, ...meta } = o.metadata;
  return { ...o, metadata: meta };
}

/** The `run diff` text: one line per item; with details the diff text follows, then a blank line. */
export function formatDiff(items: DiffItem[], opts: { details?: boolean } = {}): string {
  const out: string[] = [];
  // items come kind by kind: the kind's text is built once per run of one kind
  let last: DiffItem | undefined;
  let kindText = '';
  for (const it of items) {
    if (!last || last.kind !== it.kind || last.version !== it.version || last.group !== it.group) kindText = gvkString(it);
    last = it;
    out.push(`${it.symbol} ${kindText} ${it.name}`);
    if (opts.details && it.diff) {
      out.push(it.diff, '');
    }
  }
  return out.length ? out.join('\n') + '\n' : '';
}
