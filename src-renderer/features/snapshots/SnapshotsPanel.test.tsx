// @vitest-environment jsdom
// The snapshot diff viewer's controls: the pair it asks the host for, the counts, "changed only", the
// kind and text filters, the selected object (the first changed one by default) and its side-by-side
// diff with bookkeeping fields hidden or shown.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DiffRow, SnapshotSummary } from '../../../src-shared/ipc/channels/engine';
import { installFakeClient, type FakeClient } from '../../testing/fake-client';
import { patchSnapshots, useEngine } from '../run/engine-store';
import { SnapshotsPanel } from './SnapshotsPanel';
import { pickComparison } from './snapshots-controller';

vi.mock('../../kit/VirtualRows', () => import('../../testing/stub-virtual-rows'));
vi.mock('../../kit/monaco-views', () => import('../../testing/stub-monaco'));
vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const snap = (id: string): SnapshotSummary => ({ id, createdAt: '2026-01-01T10:00:00Z', mode: 'once', objectCount: 4 });
const item = (kind: string, name: string, status: DiffRow['status'], conditionsChanged = false): DiffRow => ({
  key: `v1|${kind}|default|${name}`,
  apiVersion: 'example.com/v1',
  kind,
  namespace: 'default',
  name,
  status,
  conditionsChanged,
});
const items = [item('Greeter', 'alice', 'equal'), item('Message', 'alice', 'modified', true), item('Message', 'bob', 'added'), item('Greeter', 'bob', 'equal')];

const shown = () => screen.queryAllByTestId('diff-object').map((o) => `${o.dataset.status} ${o.dataset.key}`);
const pairCalls = () => host.calls.filter((c) => c.channel === 'snapshots.objectPair').map((c) => c.req);

let host: FakeClient;
const handlers: Parameters<typeof installFakeClient>[0] = {
  'snapshots.diff': ({ from, to }) => ({ from, to, items, counts: { added: 1, modified: 1, deleted: 0, equal: 2 } }),
  'snapshots.objectPair': ({ key, hideNoise }) => ({ left: `${key} before${hideNoise ? '' : ' +noise'}`, right: `${key} after`, conditionLines: [7] }),
};
beforeEach(() => {
  useEngine.getState().reset();
  patchSnapshots({ list: [snap('to-3'), snap('from-2'), snap('first-1')] });
  host = installFakeClient(handlers);
});
afterEach(() => {
  for (const extra of ['git.log', 'snapshots.compareChoices', 'snapshots.compare'] as const) delete handlers[extra];
});
afterEach(cleanup);

describe('SnapshotsPanel', () => {
  it('diffs the latest two snapshots, shows the counts, lists changed objects and opens the first one', async () => {
    render(<SnapshotsPanel />);
    await waitFor(() => expect(shown()).toEqual(['modified v1|Message|default|alice', 'added v1|Message|default|bob']));
    expect(host.calls.find((c) => c.channel === 'snapshots.diff')?.req).toEqual({ from: 'from-2', to: 'to-3' });
    expect(screen.getByTestId('diff-counts').textContent).toBe('+1 ~1 -0 =2');
    const diff = await screen.findByTestId('object-diff');
    expect(diff.textContent).toContain('v1|Message|default|alice before');
    expect(diff.dataset.highlight).toBe('7');
    expect(screen.getByText('◆ conditions changed')).toBeTruthy();
  });

  it('"changed only", kind and text filter the object list', async () => {
    render(<SnapshotsPanel />);
    await waitFor(() => expect(shown()).toHaveLength(2));
    fireEvent.click(screen.getByTestId('toggle-changed-only'));
    expect(shown()).toHaveLength(4);
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'Greeter' } });
    expect(shown()).toEqual(['equal v1|Greeter|default|alice', 'equal v1|Greeter|default|bob']);
    fireEvent.change(screen.getByTestId('diff-filter'), { target: { value: 'BOB' } });
    expect(shown()).toEqual(['equal v1|Greeter|default|bob']);
    fireEvent.change(screen.getByTestId('diff-filter'), { target: { value: 'nobody' } });
    expect(screen.getByText('No objects match.')).toBeTruthy();
  });

  it('the bookkeeping toggle and a click on another object ask the host for that diff', async () => {
    render(<SnapshotsPanel />);
    await screen.findByTestId('object-diff');
    expect(pairCalls().at(-1)).toEqual({ from: 'from-2', to: 'to-3', key: 'v1|Message|default|alice', hideNoise: true });
    fireEvent.click(screen.getByTestId('toggle-hide-noise'));
    await waitFor(() => expect(screen.getByTestId('object-diff').textContent).toContain('+noise'));
    expect(pairCalls().at(-1)).toMatchObject({ hideNoise: false });
    fireEvent.click(screen.getAllByTestId('diff-object')[1]!);
    await waitFor(() => expect(screen.getByTestId('object-diff').textContent).toContain('v1|Message|default|bob before +noise'));
  });

  it('picking another pair in the list diffs that pair', async () => {
    render(<SnapshotsPanel />);
    await waitFor(() => expect(shown()).toHaveLength(2));
    fireEvent.click(screen.getAllByTestId('snapshot-item')[1]!);
    await waitFor(() => expect(host.calls.filter((c) => c.channel === 'snapshots.diff').at(-1)?.req).toEqual({ from: 'first-1', to: 'from-2' }));
    expect(useEngine.getState().snapshots).toMatchObject({ from: 'first-1', to: 'from-2' });
  });

  it('Compare… picks a git revision and an environment: the diff goes through snapshots.compare and names both sides', async () => {
    handlers['git.log'] = () => ({ entries: [{ oid: 'c0ffee'.padEnd(40, '0'), parents: [], author: { name: 'A', email: 'a@example.com' }, date: '2026-01-01T09:00:00Z', message: 'first\n', summary: 'first', files: [] }], next: null });
    handlers['snapshots.compareChoices'] = () => ({
      environments: [
        { id: 'env-d', name: 'development', deployment: { id: 'dep-1', buildId: 'b-1', commit: 'c0ffee', createdAt: '2026-01-01T10:00:00Z' } },
        { id: 'env-p', name: 'production', deployment: null },
      ],
    });
    handlers['snapshots.compare'] = ({ from, to }) => ({
      from: { token: 'rev:' + 'c0ffee'.padEnd(40, '0'), kind: 'rev', label: `revision c0ffee000000 "first" (${from})` },
      to: { token: 'env:env-d@dep-1', kind: 'env', label: `environment development (${to})` },
      items,
      counts: { added: 1, modified: 1, deleted: 0, equal: 2 },
    });
    render(<SnapshotsPanel />);
    await waitFor(() => expect(shown()).toHaveLength(2));
    fireEvent.click(screen.getByTestId('compare-open'));
    const from = screen.getByTestId('compare-from-select') as HTMLSelectElement;
    await waitFor(() => expect([...from.options].map((o) => o.textContent)).toContain('c0ffee0 first'));
    // an environment with nothing deployed cannot be picked
    expect([...from.options].find((o) => o.value === 'env:production')?.disabled).toBe(true);
    fireEvent.change(from, { target: { value: 'rev:' + 'c0ffee'.padEnd(40, '0') } });
    fireEvent.change(screen.getByTestId('compare-to-select'), { target: { value: 'env:development' } });
    fireEvent.click(screen.getByTestId('compare-run'));
    await waitFor(() => expect(screen.getByTestId('compare-labels').textContent).toContain('environment development (env:development)'));
    expect(host.calls.filter((c) => c.channel === 'snapshots.compare').map((c) => c.req)).toEqual([{ from: 'rev:' + 'c0ffee'.padEnd(40, '0'), to: 'env:development' }]);
    expect(screen.queryByTestId('compare-picker')).toBeNull();
    // the object's two sides are asked by the tokens the comparison answered
    await waitFor(() => expect(pairCalls().at(-1)).toMatchObject({ from: 'rev:' + 'c0ffee'.padEnd(40, '0'), to: 'env:env-d@dep-1' }));
    // back to the runs
    fireEvent.click(screen.getByTestId('compare-reset'));
    await waitFor(() => expect(screen.queryByTestId('compare-labels')).toBeNull());
    expect(useEngine.getState().snapshots).toMatchObject({ from: null, to: null });
  });

  it('a typed revision the host refuses shows the refusal, not the previous diff', async () => {
    handlers['snapshots.compare'] = () => Promise.reject(new Error('Revision "nope": The revision "nope" does not name a commit'));
    act(() => patchSnapshots({ from: 'latest', to: 'rev:nope' }));
    render(<SnapshotsPanel />);
    await waitFor(() => expect(screen.getByTestId('diff-error').textContent).toContain('Revision "nope"'));
    expect(shown()).toEqual([]);
    expect(screen.getByTestId('compare-labels').textContent).toContain('rev:nope');
  });

  it('with a single snapshot it says to run again instead of diffing', () => {
    act(() => patchSnapshots({ list: [snap('only-1')] }));
    render(<SnapshotsPanel />);
    expect(screen.getByText(/Only one snapshot so far/)).toBeTruthy();
    expect(host.calls.some((c) => c.channel === 'snapshots.diff')).toBe(false);
  });
  it('a "Compare with…" from elsewhere opens the picker with its sides preset; Compare shows them, the preset is spent', async () => {
    const oid = 'c0ffee'.padEnd(40, '0');
    handlers['git.log'] = () => ({ entries: [{ oid, parents: [], author: { name: 'A', email: 'a@example.com' }, date: '2026-01-01T09:00:00Z', message: 'first\n', summary: 'first', files: [] }], next: null });
    handlers['snapshots.compareChoices'] = () => ({ environments: [] });
    handlers['snapshots.compare'] = ({ from, to }) => ({
      from: { token: from, kind: 'rev', label: `revision ${from}` },
      to: { token: 'to-3', kind: 'snapshot', label: `snapshot to-3 (${to})` },
      items,
      counts: { added: 1, modified: 1, deleted: 0, equal: 2 },
    });
    render(<SnapshotsPanel />);
    act(() => pickComparison(`rev:${oid}`, 'latest'));
    const from = (await screen.findByTestId('compare-from-select')) as HTMLSelectElement;
    await waitFor(() => expect(from.value).toBe(`rev:${oid}`));
    expect((screen.getByTestId('compare-to-select') as HTMLSelectElement).value).toBe('latest');
    fireEvent.click(screen.getByTestId('compare-run'));
    await waitFor(() => expect(screen.getByTestId('compare-labels').textContent).toContain(`revision rev:${oid}`));
    expect(host.calls.filter((c) => c.channel === 'snapshots.compare').map((c) => c.req)).toEqual([{ from: `rev:${oid}`, to: 'latest' }]);
    expect(useEngine.getState().snapshots.pick).toBeNull();
    expect(screen.queryByTestId('compare-picker')).toBeNull();
  });
});
