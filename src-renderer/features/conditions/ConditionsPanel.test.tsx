// @vitest-environment jsdom
// The live conditions table: natural order, the kind/status/text filters and the "N of M" count, a row
// that changes status joining a status filter while the set of keys stays the same (the table only
// re-sorts on new keys unless a filter reads what changes), the details of a clicked row, and a rejected
// input's file:line link.
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConditionRow } from '../../../src-shared/ipc/channels/engine';
import { installFakeClient, type FakeClient } from '../../testing/fake-client';
import { patchProd, useEngine } from '../run/engine-store';
import { ConditionsPanel } from './ConditionsPanel';

vi.mock('../../kit/VirtualRows', () => import('../../testing/stub-virtual-rows'));
vi.mock('../../kit/monaco-views', () => import('../../testing/stub-monaco'));
vi.mock('../../monaco/monaco-setup', () => import('../../testing/stub-monaco'));

const cond = (status: string, reason = '', message = '') => ({ Ready: { status, reason, message, lastTransitionTime: '2026-01-01T10:00:00Z' } });
const row = (kind: string, name: string, conditions: ConditionRow['conditions']): ConditionRow => ({
  key: `example.com/v1|${kind}|default|${name}`,
  apiVersion: 'example.com/v1',
  kind,
  namespace: 'default',
  name,
  conditions,
});

function showRows(rows: ConditionRow[], keysVersion = 1) {
  patchProd({
    status: { state: 'running', events: rows.length, errors: 0 },
    rows: new Map(rows.map((r) => [r.key, r])),
    types: ['Ready'],
    keysVersion,
    version: useEngine.getState().prod.version + 1,
  });
}

const names = () => screen.queryAllByTestId('condition-row').map((r) => r.querySelectorAll('span')[2]!.textContent);
const count = () => screen.getByTestId('conditions-count').textContent;

let host: FakeClient;
beforeEach(() => {
  useEngine.getState().reset();
  host = installFakeClient({
    'prod.object': ({ key }) => ({ yaml: `# live object ${key}\nkind: Greeter\n`, history: [{ timeMs: 0, type: 'Ready', status: 'False', reason: 'NoGreeter', message: '' }], exists: true }),
  });
});
afterEach(cleanup);

describe('ConditionsPanel', () => {
  it('lists rows in natural order and filters them by kind, status and text, counting what is shown', () => {
    showRows([row('Greeter', 'item-10', cond('True')), row('Greeter', 'item-2', cond('True')), row('Message', 'hello', cond('False', 'NoGreeter', 'greeter missing'))]);
    render(<ConditionsPanel />);
    expect(names()).toEqual(['item-2', 'item-10', 'hello']);
    expect(count()).toBe('3 resources');

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'False' } });
    expect(names()).toEqual(['hello']);
    expect(count()).toBe('1 of 3');

    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('filter-kind'), { target: { value: 'Greeter' } });
    expect(names()).toEqual(['item-2', 'item-10']);

    fireEvent.change(screen.getByTestId('filter-kind'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('filter-text'), { target: { value: 'missing' } });
    expect(names()).toEqual(['hello']);
  });

  it('a row whose condition turns False joins the False filter though no key was added', () => {
    showRows([row('Greeter', 'a', cond('True')), row('Greeter', 'b', cond('False'))]);
    render(<ConditionsPanel />);
    fireEvent.change(screen.getByTestId('filter-status'), { target: { value: 'False' } });
    expect(names()).toEqual(['b']);
    // A live batch: same keys (keysVersion unchanged), new content.
    act(() => showRows([row('Greeter', 'a', cond('False', 'Broken')), row('Greeter', 'b', cond('False'))], 1));
    expect(names()).toEqual(['a', 'b']);
    expect(within(screen.getAllByTestId('condition-row')[0]!).getByTestId('cell-Ready').dataset.status).toBe('False');
  });

  it('a clicked row shows its live YAML and its condition history, fetched from the host', async () => {
    showRows([row('Greeter', 'a', cond('True'))]);
    render(<ConditionsPanel />);
    fireEvent.click(screen.getByTestId('condition-row'));
    const details = await screen.findByTestId('condition-details');
    expect((await within(details).findByTestId('condition-yaml')).textContent).toMatch(/^# live object example.com\/v1\|Greeter\|default\|a/);
    expect(within(screen.getByTestId('condition-history')).getByText('NoGreeter')).toBeTruthy();
    expect(host.calls).toContainEqual({ channel: 'prod.object', req: { key: 'example.com/v1|Greeter|default|a' } });
  });

  it('a rejected input says nothing changed and links to the bad document', () => {
    showRows([row('Greeter', 'a', cond('True'))]);
    patchProd({ lastInput: { file: 'in/greeters.yaml', ok: false, errors: ['in/greeters.yaml:9: spec.name: expected a string'], applied: [], at: 1 } });
    render(<ConditionsPanel />);
    const box = screen.getByTestId('input-rejected');
    expect(box.textContent).toContain('in/greeters.yaml was not applied; nothing changed in the running store. spec.name: expected a string');
    expect(screen.getByTestId('input-rejected-link').textContent).toBe('in/greeters.yaml:9');
  });

  it('shows the teaching empty state while prod mode is stopped and has no rows', () => {
    render(<ConditionsPanel />);
    expect(screen.getByTestId('conditions-empty').textContent).toContain('Conditions appear while prod mode runs');
  });
});
