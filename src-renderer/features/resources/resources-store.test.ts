import { describe, expect, it } from 'vitest';
import type { ResourceRow, ResourcesList } from '../../../src-shared/ipc/channels/engine';
import { resourceRow } from '../../testing/responses';
import { emptyFilter, kindOptions, nextSort, visibleResources } from './resources-store';

const row = resourceRow;
const list = (rows: ResourceRow[]): ResourcesList => ({
  snapshot: { id: 's', createdAt: 't', mode: 'once' },
  previous: null,
  total: rows.length,
  kinds: rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.kind]: (m[r.kind] ?? 0) + 1 }), {}),
  changes: { added: 0, modified: 0, deleted: 0 },
  rows,
  matched: rows.length,
  truncated: false,
});

describe('resources view state', () => {
  const rows = [
    row('Node', 'node-10', { ready: 'True' }),
    row('Node', 'node-2', { ready: 'False', readyReason: 'NoIP', change: 'modified' }),
    row('Link', 'l1', { owner: { key: 'k', kind: 'Topology', name: 'kubenet' }, change: 'added' }),
  ];
  const base = { list: list(rows), filter: emptyFilter, sort: { key: 'kind' as const, desc: false }, fetchedWith: {} };

  it('sorts by kind, namespace and name in natural order by default', () => {
    expect(visibleResources(base).map((r) => r.name)).toEqual(['l1', 'node-2', 'node-10']);
  });
  it('filters by kind, text (owner and Ready reason included) and changed only', () => {
    expect(visibleResources({ ...base, filter: { ...emptyFilter, kind: 'Node' } }).map((r) => r.name)).toEqual(['node-2', 'node-10']);
    expect(visibleResources({ ...base, filter: { ...emptyFilter, text: 'topology/kube' } }).map((r) => r.name)).toEqual(['l1']);
    expect(visibleResources({ ...base, filter: { ...emptyFilter, text: 'noip' } }).map((r) => r.name)).toEqual(['node-2']);
    expect(visibleResources({ ...base, filter: { ...emptyFilter, changedOnly: true } }).map((r) => r.name)).toEqual(['l1', 'node-2']);
  });
  it('sorts by Ready (failing first), change and owner, and flips on a second click', () => {
    expect(visibleResources({ ...base, sort: { key: 'ready', desc: false } }).map((r) => r.name)).toEqual(['node-2', 'l1', 'node-10']);
    expect(visibleResources({ ...base, sort: { key: 'change', desc: false } }).map((r) => r.name)).toEqual(['l1', 'node-2', 'node-10']);
    expect(visibleResources({ ...base, sort: { key: 'owner', desc: true } }).map((r) => r.name)[2]).toBe('l1');
    expect(nextSort({ key: 'name', desc: false }, 'name')).toEqual({ key: 'name', desc: true });
    expect(nextSort({ key: 'name', desc: true }, 'kind')).toEqual({ key: 'kind', desc: false });
  });
  it('lists kinds with counts for the kind filter', () => {
    expect(kindOptions(list(rows))).toEqual([{ kind: 'Link', count: 1 }, { kind: 'Node', count: 2 }]);
  });
});
