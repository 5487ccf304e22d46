// The Resources view's host calls: the produced objects of the latest snapshot (resources.list, computed
// in the host's data worker from that snapshot and the one before), the YAML of the selected object
// (deps.object), and the follow-ups: open its change in the snapshot diff, jump to its owner. It reloads
// when a run or a prod session writes a new snapshot, and after a run it puts the results first: with no
// file open, the Resources tab opens by itself.
import type { ResourceRow, ResourcesList } from '../../../src-shared/ipc/channels/engine';
import { isResourceFilterEmpty, type ResourceFilter } from '../../../src-shared/run/resource-filter';
import { invoke } from '../../api';
import { needsProject } from '../../kit/command-guards';
import type { Command } from '../../kit/commands';
import { errorMessage } from '../../kit/ipc-errors';
import { useLayout } from '../../state/layout';
import { useProject } from '../../state/project';
import { useEditor } from '../editor/editor-store';
import { compareSnapshots } from '../snapshots/snapshots-controller';
import { useEngine } from '../run/engine-store';
import { emptyFilter, patchResources, useResources, type ResourcesState } from './resources-store';

export const RESOURCES_VIEW = 'resources';

/** Rows the renderer takes at once; a bigger snapshot is filtered on the host (10,000 rows stay smooth). */
export const RESOURCE_ROW_LIMIT = 20_000;

let loadSeq = 0;

/** (Re)loads the list of the latest snapshot, with the host filtering only when the whole list is too big. */
export async function loadResources(): Promise<void> {
  const seq = ++loadSeq;
  const s = useResources.getState();
  // Ask for everything first; only a list the host had to cut is fetched again with the filter.
  const filter: ResourceFilter = s.list?.truncated && !isResourceFilterEmpty(s.filter) ? s.filter : {};
  patchResources({ loading: true });
  try {
    const list = await invoke('resources.list', { ...filter, limit: RESOURCE_ROW_LIMIT });
    if (seq !== loadSeq) return;
    const selected = useResources.getState().selected;
    const keep = selected && list.rows.some((r) => r.key === selected) ? selected : null;
    patchResources({ list, fetchedWith: filter, loading: false, error: null, selected: keep, ...(keep ? {} : { yaml: null }), summary: summaryOf(list) });
    if (keep) void loadYaml(keep);
  } catch (err) {
    if (seq !== loadSeq) return;
    patchResources({ loading: false, error: `Could not list the resources: ${errorMessage(err)}` });
  }
}

function summaryOf(list: ResourcesList): ResourcesState['summary'] {
  return list.snapshot ? { snapshot: list.snapshot.id, total: list.total, changes: list.changes, hasPrevious: !!list.previous } : null;
}

/** The counts alone (one row asked for), for the status bar while the view is closed. */
async function loadSummary(): Promise<void> {
  try {
    const list = await invoke('resources.list', { limit: 1 });
    if (!useResources.getState().list) patchResources({ summary: summaryOf(list) });
  } catch {
    // the status bar simply shows no count
  }
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;

/** Filters as you type; a cut list asks the host again (debounced). */
export function setResourceFilter(p: Partial<ResourceFilter>): void {
  const filter = { ...useResources.getState().filter, ...p };
  patchResources({ filter });
  if (!useResources.getState().list?.truncated && isResourceFilterEmpty(useResources.getState().fetchedWith)) return;
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => void loadResources(), 200);
}

export function clearResourceFilter(): void {
  setResourceFilter(emptyFilter);
}

/** The snapshot an object's YAML comes from: the latest, or the one before for a deleted object. */
function snapshotOf(row: ResourceRow | undefined): string | undefined {
  const list = useResources.getState().list;
  if (!list?.snapshot) return undefined;
  return row?.change === 'deleted' ? (list.previous ?? undefined) : list.snapshot.id;
}

async function loadYaml(key: string): Promise<void> {
  const row = useResources.getState().list?.rows.find((r) => r.key === key);
  const snapshot = snapshotOf(row);
  if (!snapshot) return;
  patchResources({ yaml: { key, text: '' } });
  try {
    const { yaml } = await invoke('deps.object', { snapshot, key });
    if (useResources.getState().selected === key) patchResources({ yaml: { key, text: yaml } });
  } catch (err) {
    if (useResources.getState().selected === key) patchResources({ yaml: { key, text: '', error: errorMessage(err) } });
  }
}

/** Selects an object and shows its YAML (null closes the YAML). */
export function selectResource(key: string | null): void {
  if (useResources.getState().selected === key) return;
  patchResources({ selected: key, yaml: null });
  if (key) void loadYaml(key);
}

/** Jumps to the owner's row (clearing a filter that hides it). */
export function selectOwner(row: ResourceRow): void {
  const owner = row.owner;
  if (!owner) return;
  const rows = useResources.getState().list?.rows ?? [];
  if (!rows.some((r) => r.key === owner.key)) {
    patchResources({ error: `The owner ${owner.kind}/${owner.name} is not in this snapshot.` });
    return;
  }
  setResourceFilter(emptyFilter);
  selectResource(owner.key);
}

/** The object's change since the previous run, in the snapshot diff (bottom panel). */
export function openResourceDiff(row: ResourceRow): void {
  const list = useResources.getState().list;
  if (!list?.snapshot || !list.previous) return;
  compareSnapshots(list.previous, list.snapshot.id, row.key);
}

export function showResources(): void {
  useLayout.getState().showMainView(RESOURCES_VIEW);
  if (!useResources.getState().list && !useResources.getState().loading) void loadResources();
}

let installed = false;

/** Follows new snapshots (reloading an open view) and opens the view after a run when nothing else is open. */
export function installResources(): () => void {
  if (installed) return () => {};
  installed = true;
  const offEngine = useEngine.subscribe((s, prev) => {
    const latest = s.snapshots.list[0]?.id;
    if (latest && latest !== prev.snapshots.list[0]?.id) void (useResources.getState().list ? loadResources() : loadSummary());
    // A run finished with a snapshot: results first.
    if (s.run.generation !== prev.run.generation && s.run.last?.result?.snapshotId) {
      const l = useLayout.getState();
      if (!l.mainViews.includes(RESOURCES_VIEW) && !useEditor.getState().order.length && !l.mainView) showResources();
    }
  });
  const offProject = useProject.subscribe((s, prev) => {
    if (s.info?.root !== prev.info?.root) {
      loadSeq++;
      patchResources({ list: null, fetchedWith: {}, loading: false, error: null, filter: emptyFilter, selected: null, yaml: null, summary: null });
    }
  });
  return () => {
    offEngine();
    offProject();
    installed = false;
  };
}

export function resourcesCommands(): Command[] {
  installResources();
  const needsList = () => needsProject() ?? (useResources.getState().list?.snapshot ? undefined : 'Run the project first (F5): the resources are what a run produced.');
  return [
    { id: 'resources.refresh', title: 'Refresh Resources', category: 'Run', disabledReason: needsProject, run: () => loadResources() },
    {
      id: 'resources.changedOnly',
      title: 'Resources: Show Only What Changed in the Last Run',
      category: 'Run',
      aliases: ['changes', 'diff'],
      disabledReason: needsList,
      run: () => {
        showResources();
        setResourceFilter({ changedOnly: true });
      },
    },
  ];
}
