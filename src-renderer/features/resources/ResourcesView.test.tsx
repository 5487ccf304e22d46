// @vitest-environment jsdom
// The Resources view: the list it asks the host for, the filters (kind, text, changed only) with their
// labels, sorting, the selected object's YAML (from the snapshot, or the previous one for a deleted
// object), jumping to the owner, and "show change" opening the snapshot diff on that object.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResourceRow, ResourcesList } from '../../../src-shared/ipc/channels/engine';
import { installFakeClient, type FakeClient } from '../../testing/fake-client';
import { resourceRow } from '../../testing/responses';
import { useEngine } from '../run/engine-store';
import { useLayout } from '../../state/layout';
import { emptyFilter, patchResources } from './resources-store';
import { ResourcesView } from './ResourcesView';

vi.mock('../../kit/VirtualRows', () => import('../../testing/stub-virtual-rows'));
vi.mock('../../kit/monaco-views', () => import('../../testing/stub-monaco'));
vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const row = (kind: string, name: string, p: Partial<ResourceRow> = {}) => resourceRow(kind, name, p, 'x.io/v1');
const rows = [
  row('Topology', 'kubenet', { ready: 'True' }),
  row('Node', 'node1', { ready: 'False', readyReason: 'NoIP', change: 'modified', owner: { key: 'x.io/v1|Topology|default|kubenet', kind: 'Topology', name: 'kubenet' } }),
  row('Node', 'node2', { ready: 'True', change: 'added', owner: { key: 'x.io/v1|Topology|default|kubenet', kind: 'Topology', name: 'kubenet' } }),
  row('Link', 'old', { change: 'deleted' }),
];
const listOf = (r: ResourceRow[]): ResourcesList => ({
  snapshot: { id: 'snap-2222', createdAt: new Date(Date.now() - 5 * 60_000).toISOString(), mode: 'once' },
  previous: 'snap-1111',
  total: 3,
  kinds: { Node: 2, Topology: 1 },
  changes: { added: 1, modified: 1, deleted: 1 },
  rows: r,
  matched: r.length,
  truncated: false,
});

const shown = () => screen.queryAllByTestId('resource-row').map((r) => `${r.dataset.change} ${r.dataset.key!.split('|')[1]}/${r.dataset.key!.split('|')[3]}`);

let host: FakeClient;
beforeEach(() => {
  useEngine.getState().reset();
  patchResources({ list: null, summary: null, filter: emptyFilter, selected: null, yaml: null, loading: false, error: null, fetchedWith: {}, sort: { key: 'kind', desc: false } });
  useLayout.setState({ panelVisible: false, panelTab: 'run' });
  host = installFakeClient({
    'resources.list': () => listOf(rows),
    'deps.object': ({ snapshot, key }) => ({ yaml: `# ${snapshot}\nkey: ${key}\n` }),
    'snapshots.diff': ({ from, to }) => ({ from, to, items: [], counts: { added: 0, modified: 0, deleted: 0, equal: 0 } }),
  });
});
afterEach(cleanup);

describe('ResourcesView', () => {
  it('lists what the last run produced, with the change since the previous run and its age', async () => {
    render(<ResourcesView />);
    await waitFor(() => expect(shown()).toHaveLength(4));
    expect(host.calls.find((c) => c.channel === 'resources.list')?.req).toEqual({ limit: 20_000 });
    // Sorted by kind, then name; the deleted object is listed too (struck through).
    expect(shown()).toEqual(['deleted Link/old', 'modified Node/node1', 'added Node/node2', 'unchanged Topology/kubenet']);
    expect(screen.getByTestId('resources-changes').textContent).toBe('+1 ~1 -1');
    expect(screen.getByTestId('resources-age').textContent).toBe('5 min ago');
    expect(screen.getByTestId('resources-count').textContent).toBe('3 objects · 1 deleted') // the deleted row is listed, not counted;
  });

  it('filters by kind, text and changed only, each control with its label', async () => {
    render(<ResourcesView />);
    await waitFor(() => expect(shown()).toHaveLength(4));
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'Node' } });
    expect(shown()).toEqual(['modified Node/node1', 'added Node/node2']);
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'noip' } });
    expect(shown()).toEqual(['modified Node/node1']);
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'nothing like this' } });
    expect(screen.getByTestId('resources-none').textContent).toContain('No resources match');
    fireEvent.click(screen.getByText('Clear the filter'));
    fireEvent.click(screen.getByLabelText(/Changed only/));
    expect(shown()).toEqual(['deleted Link/old', 'modified Node/node1', 'added Node/node2']);
    // Everything was filtered here: the host was asked once.
    expect(host.calls.filter((c) => c.channel === 'resources.list')).toHaveLength(1);
  });

  it('sorts by Ready with failing objects first, and flips on a second click', async () => {
    render(<ResourcesView />);
    await waitFor(() => expect(shown()).toHaveLength(4));
    fireEvent.click(screen.getByTestId('resources-sort-ready'));
    expect(shown()[0]).toBe('modified Node/node1');
    fireEvent.click(screen.getByTestId('resources-sort-ready'));
    expect(shown()[3]).toBe('modified Node/node1');
  });

  it('shows the YAML of a clicked object, of a deleted one from the previous snapshot, and jumps to the owner', async () => {
    render(<ResourcesView />);
    await waitFor(() => expect(shown()).toHaveLength(4));
    fireEvent.click(screen.getAllByTestId('resource-row')[1]!);
    await waitFor(() => expect(screen.getByTestId('resource-yaml').textContent).toBe('# snap-2222\nkey: x.io/v1|Node|default|node1\n'));
    fireEvent.click(screen.getAllByTestId('resource-row')[0]!);
    await waitFor(() => expect(screen.getByTestId('resource-yaml').textContent).toContain('# snap-1111'));
    fireEvent.click(screen.getAllByTestId('resource-row')[2]!);
    fireEvent.click(screen.getByTestId('resource-owner'));
    await waitFor(() => expect(screen.getByTestId('resource-yaml').textContent).toContain('Topology|default|kubenet'));
    expect(screen.getAllByTestId('resource-row').find((r) => r.getAttribute('aria-selected') === 'true')?.dataset.key).toBe('x.io/v1|Topology|default|kubenet');
  });

  it('"Show change" opens the snapshot diff of the previous and this run on the object', async () => {
    render(<ResourcesView />);
    await waitFor(() => expect(shown()).toHaveLength(4));
    fireEvent.click(screen.getAllByTestId('resource-row')[1]!);
    act(() => fireEvent.click(screen.getByTestId('resource-show-change')));
    expect(useEngine.getState().snapshots).toMatchObject({ from: 'snap-1111', to: 'snap-2222', focus: 'x.io/v1|Node|default|node1' });
    expect(useLayout.getState()).toMatchObject({ panelVisible: true, panelTab: 'snapshots' });
  });

  it('teaches what to do before the first run', async () => {
    host = installFakeClient({ 'resources.list': () => ({ ...listOf([]), snapshot: null, previous: null, total: 0, kinds: {} }) });
    render(<ResourcesView />);
    expect((await screen.findByTestId('resources-empty')).textContent).toContain('Run the project (F5)');
  });
});
