// The Resources view (results first: what the last run produced, as Lens lists a cluster): the list the
// host sent for the latest snapshot, the filter, the sort, the selected object and its YAML. Filtering
// happens here as you type while the list is whole; a list the host had to cut (`truncated`) is filtered
// on the host instead (resources-controller.ts).
import { create } from 'zustand';
import type { ResourceRow, ResourcesList } from '../../../src-shared/ipc/channels/engine';
import { matchesResource, type ResourceFilter } from '../../../src-shared/run/resource-filter';

export type ResourceSortKey = 'kind' | 'name' | 'namespace' | 'ready' | 'owner' | 'change';

export interface ResourcesState {
  list: ResourcesList | null;
  /** The filter the list was fetched with (only differs from {} when the host filtered a cut list). */
  fetchedWith: ResourceFilter;
  loading: boolean;
  error: string | null;
  filter: Required<ResourceFilter>;
  sort: { key: ResourceSortKey; desc: boolean };
  selected: string | null;
  /** YAML of the selected object (`text` is '' while it loads). */
  yaml: { key: string; text: string; error?: string } | null;
  /** Counts of the latest snapshot for the status bar, known even while the view is closed. */
  summary: { snapshot: string; total: number; changes: ResourcesList['changes']; hasPrevious: boolean } | null;
}

export const emptyFilter: Required<ResourceFilter> = { kind: '', text: '', changedOnly: false };

export const useResources = create<ResourcesState>()(() => ({
  list: null,
  fetchedWith: {},
  loading: false,
  error: null,
  filter: emptyFilter,
  sort: { key: 'kind', desc: false },
  selected: null,
  yaml: null,
  summary: null,
}));

export function patchResources(p: Partial<ResourcesState>): void {
  useResources.setState(p);
}

const collator = new Intl.Collator(undefined, { numeric: true });
const readyRank: Record<string, number> = { False: 0, Unknown: 1, '': 2, True: 3 };
const changeRank: Record<ResourceRow['change'], number> = { added: 0, modified: 1, deleted: 2, unchanged: 3 };

/** The rows to show: the list filtered (unless the host did it already) and sorted. */
export function visibleResources(s: Pick<ResourcesState, 'list' | 'filter' | 'sort' | 'fetchedWith'>): ResourceRow[] {
  const rows = s.list?.rows ?? [];
  // A cut list was filtered by the host with `fetchedWith`; filtering again is harmless and keeps typing snappy.
  const filtered = rows.filter((r) => matchesResource(r, s.filter));
  const { key, desc } = s.sort;
  const base = (a: ResourceRow, b: ResourceRow) => collator.compare(a.kind, b.kind) || collator.compare(a.namespace, b.namespace) || collator.compare(a.name, b.name);
  const by: Record<ResourceSortKey, (a: ResourceRow, b: ResourceRow) => number> = {
    kind: base,
    name: (a, b) => collator.compare(a.name, b.name) || base(a, b),
    namespace: (a, b) => collator.compare(a.namespace, b.namespace) || base(a, b),
    ready: (a, b) => (readyRank[a.ready] ?? 1) - (readyRank[b.ready] ?? 1) || base(a, b),
    owner: (a, b) => collator.compare(a.owner ? `${a.owner.kind}/${a.owner.name}` : '\uffff', b.owner ? `${b.owner.kind}/${b.owner.name}` : '\uffff') || base(a, b),
    change: (a, b) => changeRank[a.change] - changeRank[b.change] || base(a, b),
  };
  const sorted = [...filtered].sort(by[key]);
  return desc ? sorted.reverse() : sorted;
}

/** Kinds for the kind filter with their counts, alphabetical. */
export function kindOptions(list: ResourcesList | null): { kind: string; count: number }[] {
  return Object.entries(list?.kinds ?? {})
    .map(([kind, count]) => ({ kind, count }))
    .sort((a, b) => collator.compare(a.kind, b.kind));
}

/** The next sort when a column header is clicked: the same column flips, another starts ascending. */
export function nextSort(cur: ResourcesState['sort'], key: ResourceSortKey): ResourcesState['sort'] {
  return cur.key === key ? { key, desc: !cur.desc } : { key, desc: false };
}
